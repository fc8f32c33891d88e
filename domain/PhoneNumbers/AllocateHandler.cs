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
        var reads = new OrganizationReads(organizations);
        return await ConcurrencyBackOff.RunAsync<PhoneNumberDetails>(e164, async () =>
        {
            var number = await steps.LoadAsync(target, e164, cancellationToken);
            if (!number.IsSuccess)
            {
                return number.Error!;
            }

            // The organization's row decides the main-number rule and names the holder in the answer.
            var (found, fromCopy) = await reads.FindAsync(site.SiteId, allocation.OrganizationId, cancellationToken);

            var now = steps.Now;
            var allocated = Allocate(site.SiteId, allocation, found, number.Value, now);
            if (!allocated.IsSuccess && fromCopy && number.Value.RefuseAllocation(now) is null)
            {
                // The organization refused (it holds another main number) on a copy that may be behind another
                // instance's release: storage decides.
                (found, _) = await reads.FindAsync(site.SiteId, allocation.OrganizationId, cancellationToken);
                allocated = Allocate(site.SiteId, allocation, found, number.Value, now);
            }

            if (!allocated.IsSuccess)
            {
                return allocated.Error!;
            }

            var (holder, rowChanged) = allocated.Value;
            return await steps.CommitAsync(new PhoneNumberDetails(number.Value, holder), rowChanged ? holder : null, target.Key, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The holder's rule on the number: the holder, and whether its row changed (it holds the main number now).</summary>
    private static Result<(Organization Holder, bool RowChanged)> Allocate(
        string siteId, Allocation allocation, Organization? found, PhoneNumber number, DateTimeOffset now)
    {
        // The operator always exists, but has a row only once its voice services were set.
        var holder = found ?? (allocation.Kind == OrganizationKind.Operator ? Organization.Operator(siteId) : null);
        if (holder is null)
        {
            return Errors.OccupierNotFound(allocation.OrganizationId);
        }

        var allocated = holder.Allocate(number, now);
        return allocated.IsSuccess ? (holder, allocated.Value) : allocated.Error!;
    }
}
