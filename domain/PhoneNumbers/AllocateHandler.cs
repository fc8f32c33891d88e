using Telephony.Domain.Common;
using Telephony.Domain.Organizations;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>Rules 1 and 2: allocate an AVAILABLE number to the operator or an occupier.</summary>
public sealed class AllocateHandler(NumberCommandSteps steps, IOrganizationStore organizations)
{
    public async Task<Result<PhoneNumberDetails>> AllocateAsync(NumberRef target, Allocation allocation, CancellationToken cancellationToken)
    {
        var located = await steps.LocateAsync(target, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var (site, e164) = located.Value;
        return await ConcurrencyBackOff.RunAsync<PhoneNumberDetails>(e164, async () =>
        {
            // Both rows at once: the organization's decides the main-number rule and names the holder in the answer.
            var reading = organizations.FindAsync(site.SiteId, allocation.OrganizationId, cancellationToken);
            var number = await steps.LoadAsync(target, e164, cancellationToken);
            var found = await reading;
            if (!number.IsSuccess)
            {
                return number.Error!;
            }

            // The operator always exists, but has a row only once its voice services were set.
            var holder = found ?? (allocation.Kind == OrganizationKind.Operator ? Organization.Operator(site.SiteId) : null);
            if (holder is null)
            {
                return Errors.OccupierNotFound(allocation.OrganizationId);
            }

            var allocated = holder.Allocate(number.Value, steps.Now);
            if (!allocated.IsSuccess)
            {
                return allocated.Error!;
            }

            return await steps.CommitAsync(new PhoneNumberDetails(number.Value, holder), allocated.Value ? holder : null, target.Key, cancellationToken);
        }, cancellationToken);
    }
}
