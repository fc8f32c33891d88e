using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

/// <summary>A site's settings with the defaults filled in, as operators read them.</summary>
public sealed record SiteView(
    string SiteId, string Name, string OperatorName, int CoolingOffDays, string DefaultRegion, bool AutoNominateMainNumber)
{
    public static SiteView Of(Site site, TelephonyOptions defaults) => new(
        site.SiteId, site.DisplayName, site.OperatorDisplayName, (int)site.CoolingOffPeriod(defaults).TotalDays, site.Region(defaults),
        site.AutoNominateMainNumber);
}

/// <summary>What an allocate dialog offers: the operator or an occupier, with its voice services and main number.</summary>
public sealed record OrganizationView(
    string OrganizationId, OrganizationKind Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber);

/// <summary>Reads of sites: the sites a caller may see, one site's settings, overview and organizations.</summary>
public sealed class SiteQueries(
    ISiteRegistry registry, IOrganizationStore organizations, IPhoneNumberStore numbers, NumberLookup lookup, TelephonyOptions defaults,
    TimeProvider time)
{
    public const int DefaultPageSize = 100;
    /// <summary>The largest page. The request's pageSize is checked once, where it is read (functions/Http/PageSizes.cs).</summary>
    public const int MaxPageSize = 1000;

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
        return site.Map(s => SiteView.Of(s, defaults));
    }

    /// <summary>The operator first (its row exists only once its voice services were set), then the occupiers by name.</summary>
    public async Task<Result<IReadOnlyList<OrganizationView>>> OrganizationsAsync(string siteId, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        return Listed(site.Value, await organizations.ListAsync(siteId, cancellationToken));
    }

    /// <summary>
    /// The site at a glance, from one read of its organizations and one of its numbers (as the facets read them). Counted
    /// on each request rather than kept in a row, which every command at the site would then have to write.
    /// </summary>
    public async Task<Result<SiteOverview>> OverviewAsync(string siteId, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        var count = new SiteOverviewCount(time.GetUtcNow());
        var listed = organizations.ListAsync(siteId, cancellationToken);
        await Task.WhenAll(listed, CountAsync(siteId, PhoneNumberFilter.All, count, cancellationToken));
        return count.Overview(SiteView.Of(site.Value, defaults), Listed(site.Value, listed.Result));
    }

    /// <summary>One organization (<c>operator</c> or an occupier's id) with its numbers' counts per status.</summary>
    public async Task<Result<OrganizationSummary>> OrganizationAsync(string siteId, string organizationId, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        if (Ids.Check(organizationId, "organization") is { } invalid)
        {
            return invalid;
        }

        var isOperator = organizationId == Allocation.OperatorId;
        var organization = await organizations.FindRecentAsync(siteId, organizationId, cancellationToken);
        if (organization is null && !isOperator)
        {
            return Errors.OccupierNotFound(organizationId);
        }

        var filter = isOperator
            ? new PhoneNumberFilter { Allocation = AllocationFilter.Operator }
            : new PhoneNumberFilter { Allocation = AllocationFilter.Occupier, OccupierId = organizationId };
        var count = new SiteOverviewCount(time.GetUtcNow());
        await CountAsync(siteId, filter, count, cancellationToken);
        return count.Summary(View(site.Value, organization ?? Organization.Operator(siteId)));
    }

    private async Task CountAsync(string siteId, PhoneNumberFilter filter, SiteOverviewCount count, CancellationToken cancellationToken)
    {
        await foreach (var number in numbers.QueryAsync(siteId, filter, cancellationToken))
        {
            count.Count(number);
        }
    }

    private static List<OrganizationView> Listed(Site site, IReadOnlyList<Organization> all)
    {
        var theOperator = all.FirstOrDefault(o => o.Kind == OrganizationKind.Operator) ?? Organization.Operator(site.SiteId);
        var occupiers = all.Where(o => o.Kind == OrganizationKind.Occupier)
            .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.OrganizationId, StringComparer.Ordinal);
        return occupiers.Prepend(theOperator).Select(o => View(site, o)).ToList();
    }

    /// <summary>The operator's row carries no name: it is the site's operator name.</summary>
    private static OrganizationView View(Site site, Organization o) => new(
        o.OrganizationId, o.Kind, o.Kind == OrganizationKind.Operator ? site.OperatorDisplayName : o.Name ?? o.OrganizationId,
        o.VoiceServices, o.VoiceServicesInUse, o.MainNumber);
}
