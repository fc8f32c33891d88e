using Microsoft.Extensions.Logging;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.CoolingOff;

// A failed number keeps its index entry for the next run.
public sealed record CoolingOffReleaseRun(int Released, int Skipped, int Failed);

// Rule 7. Each release is an ETag-checked commit, so overlapping runs release a number once. Entries are removed
// after the release; a run that stops first leaves entries the next run finds stale and skips.
public sealed class CoolingOffRelease(
    ICoolingOffIndex index, IPhoneNumberStore numbers, TimeProvider time, ILogger<CoolingOffRelease> logger)
{
    // The actor its releases are attributed to.
    public const string ScheduleName = "cooling-off-release";

    // An entity-group transaction holds at most 100 operations.
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
