using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

// The one commit path of a change that records events: rows, outbox notes and activity rows in one transaction, then
// an inline publish that never fails the change; what it misses the sweep publishes (docs/events.md, "How no event is lost").
public sealed class EventOutbox(TelephonyTable table, OutboxStorage storage, OutboxPublisher publisher, TimeProvider time, ILogger<EventOutbox> logger)
{
    // The event's record (evt|) is written at publish, with the note's removal: on Azurite every row of a transaction costs.
    public const int RowsPerEvent = 2;

    public const int MaxTransactionSize = 100;

    // A healthy publish takes 14–61 ms on the host; a broker that is down or slow must not hold the answer.
    public static readonly TimeSpan CallerWait = TimeSpan.FromMilliseconds(300);

    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    // So an outage does not slow every change.
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(30);

    private long _pausedUntilTicks;

    // Throws TableTransactionFailedException when nothing was written (and nothing is published).
    public async Task<IReadOnlyList<Response>> CommitAsync(
        PhoneNumber number, IReadOnlyList<TableTransactionAction> change, TableTransactionAction? last, CancellationToken cancellationToken)
    {
        var recorded = number.NewEvents.Count > 0;
        var rows = change.Concat(number.NewEvents.SelectMany(Rows));
        var response = await SubmitAsync(last is null ? rows : rows.Append(last), cancellationToken);
        number.MarkEventsStored();
        if (recorded)
        {
            await PublishCommittedAsync(number.SiteId, number.Number, cancellationToken);
        }

        return response;
    }

    // Leaves the events to the sweep: publishing thousands inline would hold the request. Call LeaveToSweepAsync after.
    public Task CommitUnpublishedAsync(IEnumerable<PhoneNumber> numbers, Func<PhoneNumber, TableTransactionAction> add, CancellationToken cancellationToken) =>
        SubmitAsync(numbers.SelectMany(n => n.NewEvents.SelectMany(Rows).Prepend(add(n))), cancellationToken);

    public Task LeaveToSweepAsync(string siteId, CancellationToken cancellationToken) => storage.MarkSitePendingAsync(siteId, cancellationToken);

    public async Task PublishCommittedAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        if (!publisher.IsEnabled)
        {
            // Nothing to publish to: the notes wait, and the reconciliation finds them once a broker is configured.
            return;
        }

        if (time.GetUtcNow().UtcTicks < Interlocked.Read(ref _pausedUntilTicks))
        {
            await MarkSitePendingAsync(siteId);
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
            logger.LogInformation("Publishing the events of {Number} at site {SiteId} takes longer than {Wait}; the change is answered, the publish carries on and the sweep is told", number, siteId, CallerWait);
            await MarkSitePendingAsync(siteId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away after the commit: the publish carries on and marks the site if it fails.
        }
    }

    private async Task<IReadOnlyList<Response>> SubmitAsync(IEnumerable<TableTransactionAction> rows, CancellationToken cancellationToken)
    {
        var actions = rows.ToList();
        if (actions.Count > MaxTransactionSize)
        {
            throw new InvalidOperationException($"A change of {actions.Count} rows does not fit one entity-group transaction ({MaxTransactionSize}).");
        }

        var client = await table.ClientAsync();
        return (await client.SubmitTransactionAsync(actions, cancellationToken)).Value;
    }

    private static IEnumerable<TableTransactionAction> Rows(PhoneNumberEvent e) => [OutboxStorage.Note(e), e.ActivityRow()];

    // Never throws.
    private async Task PublishAsync(string siteId, string number)
    {
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await publisher.PublishNumberAsync(siteId, number, timeout.Token);
        }
        catch (Exception e)
        {
            Interlocked.Exchange(ref _pausedUntilTicks, (time.GetUtcNow() + PauseAfterFailure).UtcTicks);
            logger.LogWarning(e, "Events of {Number} at site {SiteId} were committed but not published; the sweep will publish them, and changes leave their events to it for {Pause}", number, siteId, PauseAfterFailure);
            await MarkSitePendingAsync(siteId);
        }
    }

    // Never throws: a site left unmarked (storage is failing too) is found by the reconciliation.
    private async Task MarkSitePendingAsync(string siteId)
    {
        try
        {
            await storage.MarkSitePendingAsync(siteId, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Site {SiteId} could not be marked as having pending events; the reconciliation will find them", siteId);
        }
    }
}
