using Telephony.Domain.Common;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Organizations;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>Rule 3: a RESERVED number goes back to the pool, or into cooling-off when it was in service.</summary>
public sealed class DeallocateHandler(
    NumberCommandSteps steps, IOrganizationStore organizations, ICoolingOffIndex coolingOffIndex, TelephonyOptions defaults)
{
    public async Task<Result<PhoneNumberDetails>> DeallocateAsync(NumberRef target, CancellationToken cancellationToken)
    {
        var located = await steps.LocateAsync(target, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var (site, e164) = located.Value;
        return await ConcurrencyBackOff.RunAsync<PhoneNumberDetails>(e164, async () =>
        {
            var number = await steps.LoadAsync(target, e164, cancellationToken);
            if (!number.IsSuccess)
            {
                return number.Error!;
            }

            var holder = number.Value.Allocation;
            var deallocated = number.Value.Deallocate(site.CoolingOffPeriod(defaults), steps.Now);
            if (!deallocated.IsSuccess)
            {
                return deallocated.Error!;
            }

            if (CoolingOffEntry.For(number.Value) is { } coolingOff)
            {
                // Indexed before the commit, so the release run finds the number even if the process dies after it.
                await coolingOffIndex.AddAsync([coolingOff], cancellationToken);
            }

            // A main number is released by its holder in the same transaction.
            var organization = number.Value.IsMainNumber && holder is not null
                ? await organizations.FindAsync(site.SiteId, holder.OrganizationId, cancellationToken)
                : null;
            var released = organization?.ReleaseMainNumber(number.Value.Number) == true ? organization : null;
            return await steps.CommitAsync(new PhoneNumberDetails(number.Value, null), released, target.Key, cancellationToken);
        }, cancellationToken);
    }
}
