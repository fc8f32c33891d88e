using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.Sites;

namespace Telephony.Domain.PhoneNumbers;

public sealed class NumberLookup(ISiteStore sites, IOrganizationStore organizations, TelephonyOptions defaults)
{
    public async Task<Result<Site>> FindSiteAsync(string siteId, CancellationToken cancellationToken)
    {
        var id = SiteId.Read(siteId);
        return id.IsSuccess ? await FindSiteAsync(id.Value, cancellationToken) : id.Error!;
    }

    public async Task<Result<Site>> FindSiteAsync(SiteId siteId, CancellationToken cancellationToken)
    {
        var site = await sites.FindAsync(siteId.Value, cancellationToken);
        return site is null ? Errors.SiteNotFound(siteId.Value) : site;
    }

    public async Task<Result<(Site Site, string Number)>> LocateAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var id = SiteId.Read(siteId);
        return id.IsSuccess ? await LocateAsync(id.Value, number, cancellationToken) : id.Error!;
    }

    public async Task<Result<(Site Site, string Number)>> LocateAsync(SiteId siteId, string number, CancellationToken cancellationToken)
    {
        var site = await FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        return E164.TryNormalize(number, site.Value.Region(defaults), out var e164)
            ? (site.Value, e164)
            : Errors.InvalidNumber(number);
    }

    // The holder's row is read only when the answer needs it; a recent copy serves.
    public async Task<PhoneNumberDetails> DescribeAsync(PhoneNumber number, Organization? known, CancellationToken cancellationToken)
    {
        if (number.Allocation is not { } allocation ||
            (allocation.Kind == OrganizationKind.Operator && number.Status != PhoneNumberStatus.Reserved))
        {
            return new PhoneNumberDetails(number, null);
        }

        var holder = known?.OrganizationId == allocation.OrganizationId
            ? known
            : await organizations.FindRecentAsync(number.SiteId, allocation.OrganizationId, cancellationToken);
        return new PhoneNumberDetails(number, holder);
    }
}
