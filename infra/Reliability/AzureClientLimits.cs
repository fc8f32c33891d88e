using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;

namespace Telephony.Infrastructure.Reliability;

// Bounded for requests a person waits on (SDK defaults held one 5–6 s in an outage); beyond them, 503 storage-unavailable.
public static class AzureClientLimits
{
    // Azurite under 100 parallel requests took over 2 s, and a timed-out write that committed retries into its own ETag.
    public static readonly TimeSpan StorageTryTimeout = TimeSpan.FromSeconds(4);

    public const int StorageRetries = 2;

    public static readonly TimeSpan StorageRetryDelay = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan StorageMaxRetryDelay = TimeSpan.FromMilliseconds(400);

    public static TimeSpan StorageWorstCase =>
        StorageTryTimeout * (StorageRetries + 1) + StorageRetryDelay + StorageRetryDelay * 2;

    // Nobody waits for it: see EventOutbox.CallerWait.
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
        // Azure.Core reports a try past its network time-out as a cancellation nobody asked for.
        OperationCanceledException => true,
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };
}
