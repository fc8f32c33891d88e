using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

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

public static class CountedStorage
{
    /// <summary>A test app whose every Table Storage request is recorded by <paramref name="operations"/> while it counts.</summary>
    public static async Task<TestApp> StartAppAsync(StorageOperations operations, Action<IServiceCollection>? configure = null)
    {
        var azurite = await Azurite.InstanceAsync();
        var options = new TableClientOptions();
        options.AddPolicy(operations, HttpPipelinePosition.PerRetry);
        return await TestApp.StartAsync(configure: services =>
        {
            services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
            configure?.Invoke(services);
        });
    }
}
