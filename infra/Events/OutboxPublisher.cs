using Telephony.Domain.Sites;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// Publishes the outbox's notes, one number at a time and in sequence order: a number's event is never published while
/// an earlier one of that number is still unpublished. Publishing is at least once; a re-sent event carries the same id,
/// so the broker's duplicate detection drops it. Three callers: a change right after its commit (its number), the sweep
/// (the sites marked pending) and the reconciliation (every registered site, for a process that died before it could
/// publish or mark its site).
/// </summary>
public sealed class OutboxPublisher(OutboxStorage storage, IEventPublisher publisher, ISiteRegistry sites)
{
    /// <summary>After this many numbers in a row fail, the broker is taken to be down and the sweep stops until next time.</summary>
    public const int SweepGivesUpAfterFailures = 5;

    /// <summary>
    /// How long the sweep waits for one number before moving on to the next: a number whose publish hangs or keeps
    /// failing (the client retries included) costs the others at most this, and is tried again by the next sweep.
    /// </summary>
    public static readonly TimeSpan SweepTimePerNumber = TimeSpan.FromSeconds(2);

    /// <summary>How long a number's publish may carry on after the sweep stopped waiting for it (a slow first connection).</summary>
    public static readonly TimeSpan SweepPublishTimeout = TimeSpan.FromSeconds(10);

    private const int SitesPerRegistryPage = 1000;

    public bool IsEnabled => publisher.IsEnabled;

    /// <summary>Publishes the number's pending events, oldest first; right after a change is committed. Throws at the first failure.</summary>
    /// <returns>How many events were published.</returns>
    public async Task<int> PublishNumberAsync(string siteId, string number, CancellationToken cancellationToken) =>
        publisher.IsEnabled ? await PublishInOrderAsync(await storage.NotesAsync(siteId, number, cancellationToken), cancellationToken) : 0;

    /// <summary>
    /// Publishes the notes of every site marked pending, each number's in sequence order, and clears a site's marker once
    /// all of its notes are published. A number whose publish fails is left, with its site's marker, for the next sweep;
    /// the others carry on, unless <see cref="SweepGivesUpAfterFailures"/> numbers fail in a row.
    /// </summary>
    public async Task<SweepOutcome> SweepAsync(CancellationToken cancellationToken)
    {
        var sweep = new Sweep();
        if (!publisher.IsEnabled)
        {
            return sweep.Outcome;
        }

        await foreach (var site in storage.PendingSitesAsync(cancellationToken))
        {
            // The marker was read before the notes: a change that fails after this query writes the marker again, so
            // clearing (If-Match the version read) cannot lose it.
            var failedBefore = sweep.FailedNumbers;
            if (!await PublishSiteAsync(site.SiteId, sweep, cancellationToken))
            {
                return sweep.Outcome;
            }

            if (sweep.FailedNumbers == failedBefore)
            {
                await storage.ClearSiteAsync(site, cancellationToken);
            }
        }

        return sweep.Outcome;
    }

    /// <summary>
    /// Marks pending every registered site that has notes: those of a change whose process stopped between its commit and
    /// its publish (or before it could mark its site). One query of at most one row per site; the sweep then publishes.
    /// </summary>
    /// <returns>How many sites were marked.</returns>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        if (!publisher.IsEnabled)
        {
            return 0;
        }

        var marked = 0;
        string? after = null;
        do
        {
            var page = await sites.ListAsync(SitesPerRegistryPage, after, cancellationToken);
            foreach (var site in page.Items)
            {
                if (await storage.HasNotesAsync(site.SiteId, cancellationToken))
                {
                    await storage.MarkSitePendingAsync(site.SiteId, cancellationToken);
                    marked++;
                }
            }

            after = page.After;
        }
        while (after is not null);

        return marked;
    }

    /// <returns>False when the sweep should stop: too many numbers failed in a row.</returns>
    private async Task<bool> PublishSiteAsync(string siteId, Sweep sweep, CancellationToken cancellationToken)
    {
        var group = new List<PendingEvent>();
        await foreach (var pending in storage.NotesAsync(siteId, cancellationToken))
        {
            if (group.Count > 0 && group[0].Event.Number != pending.Event.Number)
            {
                await PublishGroupAsync(group.ToList(), sweep, cancellationToken);
                group.Clear();
                if (sweep.FailuresInARow >= SweepGivesUpAfterFailures)
                {
                    return false;
                }
            }

            group.Add(pending);
        }

        if (group.Count > 0)
        {
            await PublishGroupAsync(group, sweep, cancellationToken);
        }

        return sweep.FailuresInARow < SweepGivesUpAfterFailures;
    }

    private async Task PublishGroupAsync(IReadOnlyList<PendingEvent> group, Sweep sweep, CancellationToken cancellationToken)
    {
        try
        {
            sweep.Published += await PublishWithinAsync(group, cancellationToken);
            sweep.FailuresInARow = 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            sweep.FailedNumbers++;
            sweep.FailuresInARow++;
            sweep.FirstFailure ??= e;
        }
    }

    /// <summary>
    /// The sweep stops waiting for a number after <see cref="SweepTimePerNumber"/> (even for a send that ignores
    /// cancellation) and moves on; the publish itself may finish within <see cref="SweepPublishTimeout"/>, or the next
    /// sweep takes the number up again.
    /// </summary>
    private async Task<int> PublishWithinAsync(IReadOnlyList<PendingEvent> group, CancellationToken cancellationToken)
    {
        var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishTimeout.CancelAfter(SweepPublishTimeout);
        var publishing = PublishInOrderAsync(group, publishTimeout.Token);
        _ = publishing.ContinueWith(_ => publishTimeout.Dispose(), TaskScheduler.Default);
        return await publishing.WaitAsync(SweepTimePerNumber, cancellationToken);
    }

    /// <param name="pending">One number's notes in sequence order. Every note's event is committed (it shares its transaction).</param>
    private async Task<int> PublishInOrderAsync(IReadOnlyList<PendingEvent> pending, CancellationToken cancellationToken)
    {
        foreach (var note in pending)
        {
            await publisher.PublishAsync(note.Event, cancellationToken);
            await storage.RecordPublishedAsync(note, cancellationToken);
        }

        return pending.Count;
    }

    private sealed class Sweep
    {
        public int Published;
        public int FailedNumbers;
        public int FailuresInARow;
        public Exception? FirstFailure;

        public SweepOutcome Outcome => new(Published, FailedNumbers, FirstFailure);
    }
}

/// <param name="FailedNumbers">Numbers whose publishing stopped at a failure, to be retried by the next sweep.</param>
public sealed record SweepOutcome(int Published, int FailedNumbers, Exception? FirstFailure);
