using Microsoft.Extensions.Logging;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.CoolingOff;

/// <summary>What one release run did. A failed number keeps its index entry and is tried again by the next run.</summary>
public sealed record CoolingOffReleaseRun(int Released, int Skipped, int Failed);

/// <summary>
/// Rule 7: moves every COOLDOWN number whose date has passed to AVAILABLE, reading only the due index entries.
/// Each release is an ETag-checked commit, so overlapping runs release a number once: the loser reads it again,
/// finds it AVAILABLE and skips it. The entries of released and stale numbers are removed together, up to
/// <see cref="RemovalBatch"/> at a time (the index is one partition, so one transaction removes them): a run that stops
/// before removing them leaves entries the next run finds stale and skips.
/// </summary>
public sealed class CoolingOffRelease(
    ICoolingOffIndex index, IPhoneNumberStore numbers, TimeProvider time, ILogger<CoolingOffRelease> logger)
{
    /// <summary>The actor its releases are attributed to.</summary>
    public const string ScheduleName = "cooling-off-release";

    /// <summary>How many entries are removed together: an entity-group transaction holds at most 100 operations.</summary>
    public const int RemovalBatch = 100;

    private enum Outcome
    {
        Released,
        Skipped,
        Failed,
    }

    public async Task<CoolingOffReleaseRun> RunAsync(CancellationToken cancellationToken)
    {
        using var schedule = CurrentActor.Begin(Actor.System(ScheduleName));
        var now = time.GetUtcNow();
        int released = 0, skipped = 0, failed = 0;
        var done = new List<CoolingOffEntry>(RemovalBatch);
        await foreach (var entry in index.DueAsync(now, cancellationToken))
        {
            Outcome outcome;
            try
            {
                outcome = await ReleaseAsync(entry, now, cancellationToken);
                if (outcome != Outcome.Failed)
                {
                    done.Add(entry);
                }

                if (done.Count == RemovalBatch)
                {
                    await RemoveAsync(done, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Releasing {SiteId} {Number} from cooling-off failed; the next run tries again", entry.SiteId, entry.Number);
                outcome = Outcome.Failed;
            }

            switch (outcome)
            {
                case Outcome.Released: released++; break;
                case Outcome.Skipped: skipped++; break;
                default: failed++; break;
            }
        }

        await RemoveAsync(done, cancellationToken);
        logger.LogInformation(
            "Cooling-off release run: {Released} released, {Skipped} skipped, {Failed} failed", released, skipped, failed);
        return new CoolingOffReleaseRun(released, skipped, failed);
    }

    /// <summary>Removes the entries of numbers done with; a failure leaves them for the next run, which skips them as stale.</summary>
    private async Task RemoveAsync(List<CoolingOffEntry> done, CancellationToken cancellationToken)
    {
        if (done.Count == 0)
        {
            return;
        }

        try
        {
            await index.RemoveAsync(done, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Removing {Count} cooling-off index entries failed; the next run finds them stale and skips them", done.Count);
        }

        done.Clear();
    }

    private async Task<Outcome> ReleaseAsync(CoolingOffEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var released = await ConcurrencyBackOff.RunAsync<Outcome>(entry.Number, async () =>
        {
            var number = await numbers.FindAsync(entry.SiteId, entry.Number, cancellationToken);
            if (number is null || !entry.Describes(number))
            {
                // Stale: removed, reallocated, lifted, released by another run, or given another date (with its own entry).
                return Outcome.Skipped;
            }

            if (!number.ReleaseFromCoolingOff(now))
            {
                // Due but held by a change in progress: keep the entry for the next run.
                return Outcome.Failed;
            }

            return await numbers.TrySaveAsync(number, null, cancellationToken) ? Outcome.Released : null;
        }, cancellationToken);
        if (released.IsSuccess)
        {
            return released.Value;
        }

        logger.LogWarning("{SiteId} {Number} kept changing while being released from cooling-off", entry.SiteId, entry.Number);
        return Outcome.Failed;
    }
}
