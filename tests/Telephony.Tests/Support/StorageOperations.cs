using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Telephony.Tests.Support;

/// <summary>An Azure SDK pipeline policy recording every storage request sent while counting, as "METHOD unescaped-uri".</summary>
public sealed class StorageOperations : HttpPipelineSynchronousPolicy
{
    private ConcurrentQueue<string>? _requests;

    public void Start() => _requests = new ConcurrentQueue<string>();

    public List<string> Stop()
    {
        var requests = _requests!.ToList();
        _requests = null;
        return requests;
    }

    public override void OnSendingRequest(HttpMessage message) =>
        _requests?.Enqueue($"{message.Request.Method} {Uri.UnescapeDataString(message.Request.Uri.ToString())}");
}
