using Telephony.Domain.Common;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Organizations;

namespace Telephony.Domain.PhoneNumbers;

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

            // Only a main number's holder changes (rule 2).
            var holder = number.Value.IsMainNumber && number.Value.RefuseDeallocation() is null
                ? await organizations.FindAsync(site.SiteId, number.Value.Allocation!.OrganizationId, cancellationToken)
                : null;
            var period = site.CoolingOffPeriod(defaults);
            var deallocated = holder is null
                ? number.Value.Deallocate(period, steps.Now).Map(_ => false)
                : holder.Deallocate(number.Value, period, steps.Now);
            if (!deallocated.IsSuccess)
            {
                return deallocated.Error!;
            }

            if (CoolingOffEntry.For(number.Value) is { } coolingOff)
            {
                // Indexed before the commit, so the release run finds the number even if the process dies after it.
                await coolingOffIndex.AddAsync([coolingOff], cancellationToken);
            }

            return await steps.CommitAsync(new PhoneNumberDetails(number.Value, null), deallocated.Value ? holder : null, target.Key, cancellationToken);
        }, cancellationToken);
    }
}
