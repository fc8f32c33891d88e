using Microsoft.Extensions.Logging;
using Telephony.Domain.Events;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// The store's link to the outbox: notes a change's events before the change is committed, and publishes them right
/// after. Publishing after the commit never fails the change: what is not published now is published by the sweep.
/// The caller waits at most <see cref="CallerWait"/> for the publish; a slower publish carries on without it, for at
/// most <see cref="PublishTimeout"/>. After a failed publish, changes leave their events to the sweep for
/// <see cref="PauseAfterFailure"/>, so an outage of Service Bus does not slow every change down.
/// </summary>
public sealed class EventRelay(IEventOutbox outbox, EventDispatcher dispatcher, TimeProvider time, ILogger<EventRelay> logger)
{
    /// <summary>
    /// How long a change's answer waits for its events to be published. A healthy publish takes 14–61 ms on the host;
    /// a broker that is down or slow no longer holds the answer (it held it for the full 10 s before).
    /// </summary>
    public static readonly TimeSpan CallerWait = TimeSpan.FromMilliseconds(300);

    /// <summary>How long the publish itself may run (connecting to the broker included) before it is left to the sweep.</summary>
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

        // Not tied to the caller: a caller that stops waiting (or goes away) does not cut a publish short.
        var publishing = PublishAsync(siteId, number);
        try
        {
            await publishing.WaitAsync(CallerWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogInformation("Publishing the events of {Number} at site {SiteId} takes longer than {Wait}; the change is answered and the publish carries on", number, siteId, CallerWait);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away after the commit: the publish carries on, or the sweep delivers the events.
        }
    }

    /// <summary>Publishes the number's pending events; never throws: a failure pauses inline publishing and is logged.</summary>
    private async Task PublishAsync(string siteId, string number)
    {
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await dispatcher.DispatchAsync(siteId, number, timeout.Token);
        }
        catch (Exception e)
        {
            Interlocked.Exchange(ref _pausedUntilTicks, (time.GetUtcNow() + PauseAfterFailure).UtcTicks);
            logger.LogWarning(e, "Events of {Number} at site {SiteId} were committed but not published; the sweep will publish them, and changes leave their events to it for {Pause}", number, siteId, PauseAfterFailure);
        }
    }
}
