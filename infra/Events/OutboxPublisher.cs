using Telephony.Domain.Sites;

namespace Telephony.Infrastructure.Events;

// A number's event is never published while an earlier one is unpublished. At least once: a re-sent event keeps its id,
// so the broker's duplicate detection drops it.
public sealed class OutboxPublisher(OutboxStorage storage, IEventPublisher publisher, ISiteRegistry sites)
{
    // After this many consecutive failures the broker is taken to be down.
    public const int SweepGivesUpAfterFailures = 5;

    // Bounds what one hanging number costs the others; it is retried by the next sweep.
    public static readonly TimeSpan SweepTimePerNumber = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan SweepPublishTimeout = TimeSpan.FromSeconds(10);

    private const int SitesPerRegistryPage = 1000;

    public bool IsEnabled => publisher.IsEnabled;

    public async Task<int> PublishNumberAsync(string siteId, string number, CancellationToken cancellationToken) =>
        publisher.IsEnabled ? await PublishInOrderAsync(await storage.NotesAsync(siteId, number, cancellationToken), cancellationToken) : 0;

    public async Task<SweepOutcome> SweepAsync(CancellationToken cancellationToken)
    {
        var sweep = new Sweep();
        if (!publisher.IsEnabled)
        {
            return sweep.Outcome;
        }

        await foreach (var site in storage.PendingSitesAsync(cancellationToken))
        {
            // The marker was read before the notes, so clearing it If-Match cannot lose a later change's marker.
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

    // For a process that stopped between its commit and its publish.
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

    private async Task<int> PublishWithinAsync(IReadOnlyList<PendingEvent> group, CancellationToken cancellationToken)
    {
        var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishTimeout.CancelAfter(SweepPublishTimeout);
        var publishing = PublishInOrderAsync(group, publishTimeout.Token);
        _ = publishing.ContinueWith(_ => publishTimeout.Dispose(), TaskScheduler.Default);
        return await publishing.WaitAsync(SweepTimePerNumber, cancellationToken);
    }

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

public sealed record SweepOutcome(int Published, int FailedNumbers, Exception? FirstFailure);
