namespace Telephony.Domain.Events;

/// <summary>
/// Publishes recorded events from the outbox, one number at a time and in sequence order: a number's event is never
/// published while an earlier one of that number is still unpublished. Publishing is at least once; a re-sent event
/// carries the same id, so the broker's duplicate detection drops it.
/// </summary>
public sealed class EventDispatcher(IEventOutbox outbox, IEventPublisher publisher, TimeProvider time)
{
    /// <summary>
    /// How long a note may wait for its change to be committed. Older notes without a committed event belong to changes
    /// that lost a race or failed, and are dropped. A commit in flight, retries included (Azure.Core: 100 s per try, three
    /// retries), ends well within this; keeping a stale note longer costs the sweep one point read per run.
    /// </summary>
    public static readonly TimeSpan UncommittedNoteExpiry = TimeSpan.FromMinutes(15);

    /// <summary>After this many numbers in a row fail, the broker is taken to be down and the sweep stops until next time.</summary>
    public const int SweepGivesUpAfterFailures = 5;

    /// <summary>
    /// How long the sweep waits for one number before moving on to the next: a number whose publish hangs or keeps
    /// failing (the client retries included) costs the others at most this, and is tried again by the next sweep.
    /// </summary>
    public static readonly TimeSpan SweepTimePerNumber = TimeSpan.FromSeconds(2);

    /// <summary>How long a number's publish may carry on after the sweep stopped waiting for it (a slow first connection).</summary>
    public static readonly TimeSpan SweepPublishTimeout = TimeSpan.FromSeconds(10);

    public bool IsEnabled => publisher.IsEnabled;

    /// <summary>Publishes the number's pending events, oldest first; right after a change is committed.</summary>
    /// <returns>How many events were published.</returns>
    public async Task<int> DispatchAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        if (!publisher.IsEnabled)
        {
            return 0;
        }

        var pending = await outbox.ListAsync(siteId, number, cancellationToken);
        return await PublishInOrderAsync(pending, cancellationToken);
    }

    /// <summary>
    /// Publishes every pending event across sites, each number's in sequence order. A number whose publish fails is left
    /// for the next sweep from the failed event on; the others carry on, unless <see cref="SweepGivesUpAfterFailures"/>
    /// numbers fail in a row.
    /// </summary>
    public async Task<SweepOutcome> SweepAsync(CancellationToken cancellationToken)
    {
        if (!publisher.IsEnabled)
        {
            return new SweepOutcome(0, 0, null);
        }

        var published = 0;
        var failedNumbers = 0;
        var failuresInARow = 0;
        Exception? firstFailure = null;
        var group = new List<PendingEvent>();
        await foreach (var pending in outbox.ListAsync(cancellationToken))
        {
            if (group.Count > 0 && (group[0].SiteId != pending.SiteId || group[0].Number != pending.Number))
            {
                await PublishGroupAsync();
                group.Clear();
                if (failuresInARow >= SweepGivesUpAfterFailures)
                {
                    return new SweepOutcome(published, failedNumbers, firstFailure);
                }
            }

            group.Add(pending);
        }

        if (group.Count > 0)
        {
            await PublishGroupAsync();
        }

        return new SweepOutcome(published, failedNumbers, firstFailure);

        async Task PublishGroupAsync()
        {
            try
            {
                published += await PublishWithinAsync(group.ToList(), cancellationToken);
                failuresInARow = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failedNumbers++;
                failuresInARow++;
                firstFailure ??= e;
            }
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

    /// <param name="pending">One number's notes in sequence order.</param>
    private async Task<int> PublishInOrderAsync(IReadOnlyList<PendingEvent> pending, CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var note in pending)
        {
            var stored = await outbox.ReadAsync(note, cancellationToken);
            if (stored is null)
            {
                // Not committed: no later event of this number can be committed before it, so stop here.
                if (time.GetUtcNow() - note.NotedAt > UncommittedNoteExpiry)
                {
                    await outbox.ForgetAsync(note, cancellationToken);
                    continue;
                }

                break;
            }

            if (!stored.Published)
            {
                await publisher.PublishAsync(stored.Event, cancellationToken);
                await outbox.MarkPublishedAsync(stored, cancellationToken);
                published++;
            }

            await outbox.ForgetAsync(note, cancellationToken);
        }

        return published;
    }
}

/// <param name="FailedNumbers">Numbers whose publishing stopped at a failure, to be retried by the next sweep.</param>
public sealed record SweepOutcome(int Published, int FailedNumbers, Exception? FirstFailure);
