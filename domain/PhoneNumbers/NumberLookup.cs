using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.Sites;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>
/// Finds a site, and reads a number as E.164 in that site's region: the first step of every command and query on a
/// number, and of every query on a site; and the number with its holder, as an answer describes it.
/// </summary>
public sealed class NumberLookup(ISiteStore sites, IOrganizationStore organizations, TelephonyOptions defaults)
{
    /// <summary>The site, or <c>invalid-request</c> (a malformed id) or <c>site-not-found</c>.</summary>
    public async Task<Result<Site>> FindSiteAsync(string siteId, CancellationToken cancellationToken)
    {
        var id = SiteId.Read(siteId);
        return id.IsSuccess ? await FindSiteAsync(id.Value, cancellationToken) : id.Error!;
    }

    /// <summary>The site, or <c>site-not-found</c>.</summary>
    public async Task<Result<Site>> FindSiteAsync(SiteId siteId, CancellationToken cancellationToken)
    {
        var site = await sites.FindAsync(siteId.Value, cancellationToken);
        return site is null ? Errors.SiteNotFound(siteId.Value) : site;
    }

    /// <summary>As <see cref="LocateAsync(SiteId, string, CancellationToken)"/>, for a site id not read yet.</summary>
    public async Task<Result<(Site Site, string Number)>> LocateAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var id = SiteId.Read(siteId);
        return id.IsSuccess ? await LocateAsync(id.Value, number, cancellationToken) : id.Error!;
    }

    /// <summary>The site and the number as E.164 in its region, or why not (<c>invalid-number</c> when it cannot be read).</summary>
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

    /// <summary>
    /// The number with its holder's row, read only when the answer needs it: an occupier's name, or whether the holder of
    /// a RESERVED number has a voice service free (activate is offered only then). A recent copy serves: the answer is
    /// exact after this process's own changes.
    /// </summary>
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
