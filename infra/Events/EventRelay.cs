using Microsoft.Extensions.Logging;
using Telephony.Domain.Events;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// The store's link to the outbox: notes a change's events before the change is committed, and publishes them right
/// after. Publishing after the commit never fails the change: what is not published now is published by the sweep.
/// After a failed publish, changes leave their events to the sweep for <see cref="PauseAfterFailure"/>, so an outage
/// of Service Bus does not slow every change down.
/// </summary>
public sealed class EventRelay(IEventOutbox outbox, EventDispatcher dispatcher, TimeProvider time, ILogger<EventRelay> logger)
{
    /// <summary>How long a change waits for its events to be published before leaving them to the sweep.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(30);

    private long _pausedUntilTicks;

    public Task NoteAsync(IReadOnlyList<PhoneNumberEvent> events, CancellationToken cancellationToken) =>
        outbox.NoteAsync(events, cancellationToken);

    public async Task PublishCommittedAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        if (!dispatcher.IsEnabled || time.GetUtcNow().UtcTicks < Interlocked.Read(ref _pausedUntilTicks))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await dispatcher.DispatchAsync(siteId, number, timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away after the commit: the events wait for the sweep, and nothing says the broker is down.
        }
        catch (Exception e)
        {
            Interlocked.Exchange(ref _pausedUntilTicks, (time.GetUtcNow() + PauseAfterFailure).UtcTicks);
            logger.LogWarning(e, "Events of {Number} at site {SiteId} were committed but not published; the sweep will publish them, and changes leave their events to it for {Pause}", number, siteId, PauseAfterFailure);
        }
    }
}
