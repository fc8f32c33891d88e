using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;

namespace Telephony.Infrastructure.Reliability;

/// <summary>
/// The Azure SDK clients' retries and time-outs, bounded for the requests a person waits on. The SDK defaults (Table
/// Storage: three retries from 0.8 s apart and 100 s per try; Service Bus: three retries and 60 s per try) held a request
/// for 5–6 s through a storage outage and a change for 10 s through a Service Bus outage; what these bounds let through
/// is answered as <c>503 storage-unavailable</c>, and background work (sweeps, schedules, Durable activities) retries on
/// its own schedule.
/// </summary>
public static class AzureClientLimits
{
    /// <summary>
    /// How long one storage request may take before it is tried again. A page of 1,000 entities takes ~50 ms, but
    /// Azurite under 100 parallel requests on 2 busy cores took over 2 s; and a write that timed out yet committed is
    /// retried into its own ETag (seen as a lost race), so the per-try limit stays well above what storage normally needs.
    /// </summary>
    public static readonly TimeSpan StorageTryTimeout = TimeSpan.FromSeconds(4);

    public const int StorageRetries = 2;

    public static readonly TimeSpan StorageRetryDelay = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan StorageMaxRetryDelay = TimeSpan.FromMilliseconds(400);

    /// <summary>Storage refusing connections (stopped): ~0.3 s of back-off. Storage not answering at all: 3 tries × 4 s + 0.3 s.</summary>
    public static TimeSpan StorageWorstCase =>
        StorageTryTimeout * (StorageRetries + 1) + StorageRetryDelay + StorageRetryDelay * 2;

    /// <summary>
    /// One Service Bus send, opening the connection included (a cold start with a managed identity fetches a token
    /// first). Nobody waits for it: a change waits at most <c>EventOutbox.CallerWait</c>, the sweep
    /// <c>OutboxPublisher.SweepTimePerNumber</c> per number.
    /// </summary>
    public static readonly TimeSpan ServiceBusTryTimeout = TimeSpan.FromSeconds(5);

    public const int ServiceBusRetries = 1;

    public static readonly TimeSpan ServiceBusRetryDelay = TimeSpan.FromMilliseconds(200);

    public static TableClientOptions Bound(this TableClientOptions options)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = StorageRetries;
        options.Retry.Delay = StorageRetryDelay;
        options.Retry.MaxDelay = StorageMaxRetryDelay;
        options.Retry.NetworkTimeout = StorageTryTimeout;
        return options;
    }

    public static ServiceBusClientOptions Bound(this ServiceBusClientOptions options)
    {
        options.RetryOptions = new ServiceBusRetryOptions
        {
            Mode = ServiceBusRetryMode.Fixed,
            MaxRetries = ServiceBusRetries,
            Delay = ServiceBusRetryDelay,
            MaxDelay = ServiceBusRetryDelay,
            TryTimeout = ServiceBusTryTimeout,
        };
        return options;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> says storage or Service Bus could not be reached or did not answer in time
    /// (as opposed to a bug): the caller is told to retry later.
    /// </summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        Azure.RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        ServiceBusException => true,
        TimeoutException or HttpRequestException or System.Net.Sockets.SocketException or IOException => true,
        // Azure.Core reports a try that ran past its network time-out as a cancellation nobody asked for.
        OperationCanceledException => true,
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };
}
