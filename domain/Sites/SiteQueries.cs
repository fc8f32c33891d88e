using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

public sealed record SiteView(
    string SiteId, string Name, string OperatorName, int CoolingOffDays, string DefaultRegion, bool AutoNominateMainNumber)
{
    public static SiteView Of(Site site, TelephonyOptions defaults) => new(
        site.SiteId, site.DisplayName, site.OperatorDisplayName, (int)site.CoolingOffPeriod(defaults).TotalDays, site.Region(defaults),
        site.AutoNominateMainNumber);
}

public sealed record OrganizationView(
    string OrganizationId, OrganizationKind Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber);

public sealed class SiteQueries(
    ISiteRegistry registry, IOrganizationStore organizations, IPhoneNumberStore numbers, NumberLookup lookup, TelephonyOptions defaults,
    TimeProvider time)
{
    public const int DefaultPageSize = 100;
    // pageSize is checked once, where it is read (functions/Http/PageSizes.cs).
    public const int MaxPageSize = 1000;

    // visibleSites null: every site (a platform administrator).
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

    // The operator's row exists only once its voice services were set.
    public async Task<Result<IReadOnlyList<OrganizationView>>> OrganizationsAsync(string siteId, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        return Listed(site.Value, await organizations.ListAsync(siteId, cancellationToken));
    }

    // Counted per request rather than kept in a row that every command at the site would have to write.
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

    // The operator's row carries no name: it is the site's operator name.
    private static OrganizationView View(Site site, Organization o) => new(
        o.OrganizationId, o.Kind, o.Kind == OrganizationKind.Operator ? site.OperatorDisplayName : o.Name ?? o.OrganizationId,
        o.VoiceServices, o.VoiceServicesInUse, o.MainNumber);
}
