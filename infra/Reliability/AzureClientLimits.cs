using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;

namespace Telephony.Infrastructure.Reliability;

// Bounded for requests a person waits on: the SDK defaults held a request 5–6 s through a storage outage.
// What gets past these bounds is answered 503 storage-unavailable; background work retries on its own schedule.
public static class AzureClientLimits
{
    // Azurite under 100 parallel requests on 2 cores took over 2 s, and a write that timed out yet committed retries into
    // its own ETag (a lost race), so this stays well above normal.
    public static readonly TimeSpan StorageTryTimeout = TimeSpan.FromSeconds(4);

    public const int StorageRetries = 2;

    public static readonly TimeSpan StorageRetryDelay = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan StorageMaxRetryDelay = TimeSpan.FromMilliseconds(400);

    // Refusing connections: ~0.3 s. Not answering: 3 tries × 4 s + 0.3 s.
    public static TimeSpan StorageWorstCase =>
        StorageTryTimeout * (StorageRetries + 1) + StorageRetryDelay + StorageRetryDelay * 2;

    // Includes opening the connection (a cold start fetches a token first). Nobody waits for it: see EventOutbox.CallerWait.
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
