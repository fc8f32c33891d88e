using Azure.Core;
using Azure.Core.Pipeline;

namespace Telephony.Tests.Support;

/// <summary>Where a simulated crash stops an entity-group transaction.</summary>
public enum CrashPoint
{
    /// <summary>The process stops before the transaction reaches storage: nothing is written.</summary>
    BeforeTheTransaction,

    /// <summary>Storage commits the transaction, and the process stops before it learns so.</summary>
    AfterTheTransaction,
}

/// <summary>
/// An Azure SDK pipeline policy (per call, outside the SDK's retries) that makes one entity-group transaction stop the
/// process, as far as the code above storage can tell: the call throws <see cref="SimulatedCrash"/>.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    private readonly Lock _lock = new();
    private CrashPoint? _point;
    private int _transactionsToLetThrough;

    /// <summary>Lets <paramref name="letThrough"/> transactions through, then crashes the next one at <paramref name="point"/>.</summary>
    public void CrashAt(CrashPoint point, int letThrough = 0)
    {
        lock (_lock)
        {
            _point = point;
            _transactionsToLetThrough = letThrough;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The app's storage calls are asynchronous.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var point = Take(message);
        if (point == CrashPoint.BeforeTheTransaction)
        {
            throw new SimulatedCrash();
        }

        await ProcessNextAsync(message, pipeline);
        if (point == CrashPoint.AfterTheTransaction)
        {
            throw new SimulatedCrash();
        }
    }

    private CrashPoint? Take(HttpMessage message)
    {
        if (!message.Request.Uri.ToString().Contains("$batch", StringComparison.Ordinal))
        {
            return null;
        }

        lock (_lock)
        {
            if (_point is null || _transactionsToLetThrough-- > 0)
            {
                return null;
            }

            var point = _point;
            _point = null;
            return point;
        }
    }
}

public sealed class SimulatedCrash() : Exception("The process stopped here (simulated).");
