using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

/// <summary>A site's settings with the platform defaults filled in, as operators read them.</summary>
public sealed record SiteView(string SiteId, int CoolingOffDays, string DefaultRegion, bool AutoNominateMainNumber);

/// <summary>What an allocate dialog offers: the operator or an occupier, with its voice services and main number.</summary>
public sealed record OrganizationView(
    string OrganizationId, OrganizationKind Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber);

/// <summary>Reads of sites: the sites a caller may see, one site's settings, a site's organizations.</summary>
public sealed class SiteQueries(ISiteRegistry registry, IOrganizationStore organizations, NumberLookup lookup, TelephonyOptions defaults)
{
    public const int DefaultPageSize = 100;
    /// <summary>The largest page. The request's pageSize is checked once, where it is read (functions/Http/PageSizes.cs).</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The operator's display name: the operator's row carries no name.</summary>
    public const string OperatorName = "Operator";

    /// <param name="visibleSites">The sites the caller may see; null for every site (a platform administrator).</param>
    public async Task<Result<RegisteredSitePage>> ListAsync(
        IReadOnlySet<string>? visibleSites, int pageSize, string? after, CancellationToken cancellationToken)
    {
        if (visibleSites is null)
        {
            return await registry.ListAsync(pageSize, after, cancellationToken);
        }

        // An operator holds a few sites' claims: the registry is asked about those alone.
        var claimed = visibleSites.Where(Ids.IsValid).Where(s => after is null || string.CompareOrdinal(s, after) > 0).ToList();
        var found = claimed.Count == 0 ? [] : await registry.FindAsync(claimed, cancellationToken);
        var page = found.Take(pageSize).ToList();
        return new RegisteredSitePage(page, found.Count > pageSize ? page[^1].SiteId : null);
    }

    public async Task<Result<SiteView>> GetAsync(string siteId, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        return site.Map(s => new SiteView(s.SiteId, (int)s.CoolingOffPeriod(defaults).TotalDays, s.Region(defaults), s.AutoNominateMainNumber));
    }

    /// <summary>The operator first (its row exists only once its voice services were set), then the occupiers by name.</summary>
    public async Task<Result<IReadOnlyList<OrganizationView>>> OrganizationsAsync(string siteId, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        var all = await organizations.ListAsync(siteId, cancellationToken);
        var theOperator = all.FirstOrDefault(o => o.Kind == OrganizationKind.Operator) ?? Organization.Operator(siteId);
        var occupiers = all.Where(o => o.Kind == OrganizationKind.Occupier)
            .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.OrganizationId, StringComparer.Ordinal);
        return occupiers.Prepend(theOperator).Select(View).ToList();
    }

    private static OrganizationView View(Organization o) => new(
        o.OrganizationId, o.Kind, o.Kind == OrganizationKind.Operator ? OperatorName : o.Name ?? o.OrganizationId,
        o.VoiceServices, o.VoiceServicesInUse, o.MainNumber);
}
