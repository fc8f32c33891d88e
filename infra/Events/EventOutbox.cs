using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// The one commit path of a change that records events. The change's rows and each new event's outbox note (the event's
/// record until it is published) and activity row commit in one entity-group transaction of the site's partition; right
/// after it, the number's notes are published in order, each moved to the event's record (<c>evt|</c>) in one
/// transaction. Publishing never fails the change: a publish that fails, takes longer than <see cref="CallerWait"/>, or
/// is skipped after a failure marks the site pending, and the sweep publishes what is left. A process that stops between the commit and the publish
/// leaves notes without a marker: the reconciliation finds them.
/// </summary>
public sealed class EventOutbox(TelephonyTable table, OutboxStorage storage, OutboxPublisher publisher, TimeProvider time, ILogger<EventOutbox> logger)
{
    /// <summary>
    /// Rows a transaction writes per recorded event: its note and its activity row. The event's record (<c>evt|</c>) is
    /// written when it is published, in the transaction that removes the note: on Azurite every row of a transaction costs.
    /// </summary>
    public const int RowsPerEvent = 2;

    /// <summary>The most operations an entity-group transaction takes.</summary>
    public const int MaxTransactionSize = 100;

    /// <summary>
    /// How long a change's answer waits for its events to be published. A healthy publish takes 14–61 ms on the host;
    /// a broker that is down or slow does not hold the answer.
    /// </summary>
    public static readonly TimeSpan CallerWait = TimeSpan.FromMilliseconds(300);

    /// <summary>How long the publish itself may run (connecting to the broker included) before it is left to the sweep.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>After a failed publish, changes leave their events to the sweep for this long, so an outage does not slow every change.</summary>
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(30);

    private long _pausedUntilTicks;

    /// <summary>
    /// Commits the number's change (<paramref name="change"/>: its own rows, the number's first) with its new events and
    /// their notes, and <paramref name="last"/> when given (a row of the same partition that commits with the change),
    /// then publishes the events. Throws <see cref="TableTransactionFailedException"/> when the transaction fails
    /// (nothing is written, nothing is published).
    /// </summary>
    /// <returns>The transaction's answers, in the order of <paramref name="change"/> first.</returns>
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

    /// <summary>
    /// Commits new numbers (<paramref name="add"/> gives each one's row) with their first events and notes, leaving the
    /// events to the sweep: an import publishing thousands inline would hold the request. Call
    /// <see cref="LeaveToSweepAsync"/> once the import's transactions are done.
    /// </summary>
    public Task CommitUnpublishedAsync(IEnumerable<PhoneNumber> numbers, Func<PhoneNumber, TableTransactionAction> add, CancellationToken cancellationToken) =>
        SubmitAsync(numbers.SelectMany(n => n.NewEvents.SelectMany(Rows).Prepend(add(n))), cancellationToken);

    /// <summary>Marks the site pending, after its transactions, so the sweep publishes what they recorded.</summary>
    public Task LeaveToSweepAsync(string siteId, CancellationToken cancellationToken) => storage.MarkSitePendingAsync(siteId, cancellationToken);

    /// <summary>
    /// Publishes the number's pending events right after a commit. The caller waits at most <see cref="CallerWait"/>; a
    /// slower publish carries on without it, for at most <see cref="PublishTimeout"/>. What it does not publish, the sweep does.
    /// </summary>
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

    /// <summary>Publishes the number's pending events; never throws: a failure pauses inline publishing, marks the site and is logged.</summary>
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

    /// <summary>Never throws: a site left unmarked (storage is failing too) is found by the reconciliation.</summary>
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
