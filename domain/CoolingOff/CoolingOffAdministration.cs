using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.CoolingOff;

/// <summary>The body of <c>PUT /api/platform/sites/{siteId}/phone-numbers/{number}/cooling-off</c>.</summary>
public sealed record CoolingOffRequest(DateTimeOffset? CoolingOffUntil);

/// <summary>Platform administrators set a number's cooling-off date or lift it early.</summary>
public sealed class CoolingOffAdministration(NumberCommandSteps steps, ICoolingOffIndex index, TimeProvider time)
{
    public async Task<Result<PhoneNumberDetails>> SetAsync(NumberRef target, CoolingOffRequest request, CancellationToken cancellationToken)
    {
        if (request.CoolingOffUntil is not { } until)
        {
            return Errors.InvalidRequest("coolingOffUntil is required: the ISO 8601 date-time the cooling-off period ends.");
        }

        if (until <= time.GetUtcNow())
        {
            return Errors.CoolingOffDateNotInFuture(until);
        }

        var located = await steps.LocateAsync(target, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var e164 = located.Value.Number;
        CoolingOffEntry? replaced = null;
        var changed = await ConcurrencyBackOff.RunAsync<PhoneNumberDetails>(e164, async () =>
        {
            var number = await steps.LoadAsync(target, e164, cancellationToken);
            if (!number.IsSuccess)
            {
                return number.Error!;
            }

            replaced = CoolingOffEntry.For(number.Value);
            var started = number.Value.StartCoolingOff(until, steps.Now);
            if (!started.IsSuccess)
            {
                return started.Error!;
            }

            // Before the commit, so a crash leaves at worst a stale entry, never a COOLDOWN number without one.
            await index.AddAsync([CoolingOffEntry.For(number.Value)!], cancellationToken);
            return await steps.CommitAsync(await steps.DescribeAsync(number.Value, cancellationToken), null, target.Key, cancellationToken);
        }, cancellationToken);

        if (changed.IsSuccess && replaced is not null && replaced != CoolingOffEntry.For(changed.Value.Number))
        {
            await index.RemoveAsync([replaced], cancellationToken);
        }

        return changed;
    }

    public async Task<Result<PhoneNumberDetails>> LiftAsync(NumberRef target, CancellationToken cancellationToken)
    {
        CoolingOffEntry? lifted = null;
        var changed = await steps.ChangeNumberAsync(target, (number, now) =>
        {
            lifted = CoolingOffEntry.For(number);
            return number.LiftCoolingOff(now);
        }, cancellationToken);

        if (changed.IsSuccess && lifted is not null)
        {
            await index.RemoveAsync([lifted], cancellationToken);
        }

        return changed;
    }
}
