using System.Runtime.CompilerServices;
using Telephony.Domain.Common;
using Telephony.Domain.Organizations;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>Reads of a site's numbers for the Site Telephony page: one number, a page, the facets, the export.</summary>
public sealed class PhoneNumberQueries(
    IPhoneNumberStore numbers, IOrganizationStore organizations, NumberLookup lookup, TelephonyOptions defaults)
{
    public const int DefaultPageSize = 100;
    /// <summary>The largest page. The request's pageSize is checked once, where it is read (functions/Http/PageSizes.cs).</summary>
    public const int MaxPageSize = 1000;

    private const int MaxOrganizationPointReads = 8;

    public async Task<Result<PhoneNumberDetails>> GetAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var found = await FindAsync(siteId, number, cancellationToken);
        return found.IsSuccess ? await lookup.DescribeAsync(found.Value, null, cancellationToken) : found.Error!;
    }

    // The access policy's test of an organization administrator's own number: the organization it is allocated to.
    public async Task<Result<(string Number, string? OrganizationId)>> HolderAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var found = await FindAsync(siteId, number, cancellationToken);
        return found.IsSuccess ? (found.Value.Number, found.Value.Allocation?.OrganizationId) : found.Error!;
    }

    private async Task<Result<PhoneNumber>> FindAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var located = await lookup.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var found = await numbers.FindAsync(siteId, located.Value.Number, cancellationToken);
        return found is null ? Errors.NumberNotFound(located.Value.Number) : found;
    }

    public async Task<Result<PhoneNumberListPage>> ListAsync(
        string siteId, PhoneNumberFilter filter, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        var page = await numbers.ListAsync(siteId, filter.InRegion(site.Value.Region(defaults)), pageSize, after, cancellationToken);
        var holders = await HoldersAsync(siteId, page.Items, cancellationToken);
        return new PhoneNumberListPage(page.Items.Select(n => Describe(n, holders)).ToList(), page.LastNumber);
    }

    /// <summary>
    /// The organizations a page shows: the occupiers it names (for their names) and the operator when one of its
    /// numbers is RESERVED (whether it can be activated depends on the operator's free voice services). None to read for
    /// a page of unallocated numbers, point reads for a few organizations, one read of all the site's for more.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Organization>> HoldersAsync(
        string siteId, IReadOnlyList<PhoneNumber> page, CancellationToken cancellationToken)
    {
        var organizationIds = page
            .Where(n => n.Allocation is { Kind: OrganizationKind.Occupier } || (n.Allocation is not null && n.Status == PhoneNumberStatus.Reserved))
            .Select(n => n.Allocation!.OrganizationId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (organizationIds.Count > MaxOrganizationPointReads)
        {
            return await OrganizationsAsync(siteId, cancellationToken);
        }

        var found = await Task.WhenAll(organizationIds.Select(id => organizations.FindAsync(siteId, id, cancellationToken)));
        return found.OfType<Organization>().ToDictionary(o => o.OrganizationId);
    }

    /// <summary>Every number the filter selects, streamed in number order for the CSV export.</summary>
    public async Task<Result<IAsyncEnumerable<PhoneNumberDetails>>> ExportAsync(
        string siteId, PhoneNumberFilter filter, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        var holders = await OrganizationsAsync(siteId, cancellationToken);
        return Result<IAsyncEnumerable<PhoneNumberDetails>>.Success(Stream(holders, cancellationToken));

        async IAsyncEnumerable<PhoneNumberDetails> Stream(IReadOnlyDictionary<string, Organization> holders, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var number in numbers.QueryAsync(siteId, filter.InRegion(site.Value.Region(defaults)), ct))
            {
                yield return Describe(number, holders);
            }
        }
    }

    /// <summary>What the filter drop-downs may offer: the values present in the unfiltered list, with counts.</summary>
    /// <param name="organizationIds">The list is cut to these organizations' numbers (an organization administrator's); null for all.</param>
    public async Task<Result<PhoneNumberFacets>> FacetsAsync(string siteId, IReadOnlySet<string>? organizationIds, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        var holders = await OrganizationsAsync(siteId, cancellationToken);
        var facets = new PhoneNumberFacets();
        await foreach (var number in numbers.QueryAsync(siteId, PhoneNumberFilter.All with { OrganizationIds = organizationIds }, cancellationToken))
        {
            facets.Count(number);
        }

        facets.NameOccupiers(holders);
        return facets;
    }

    private async Task<IReadOnlyDictionary<string, Organization>> OrganizationsAsync(string siteId, CancellationToken cancellationToken) =>
        (await organizations.ListAsync(siteId, cancellationToken)).ToDictionary(o => o.OrganizationId);

    private static PhoneNumberDetails Describe(PhoneNumber number, IReadOnlyDictionary<string, Organization> holders) =>
        new(number, number.Allocation is { } allocation ? holders.GetValueOrDefault(allocation.OrganizationId) : null);
}

public sealed record PhoneNumberListPage(IReadOnlyList<PhoneNumberDetails> Items, string? LastNumber);

public sealed class PhoneNumberFacets
{
    public int Total { get; private set; }

    public SortedDictionary<PhoneNumberStatus, int> Statuses { get; } = [];

    public int Unallocated { get; private set; }

    public int Operator { get; private set; }

    public List<OccupierFacet> Occupiers { get; } = [];

    private readonly SortedDictionary<string, int> _occupierCounts = new(StringComparer.Ordinal);

    public int Assigned { get; private set; }

    public int Unassigned { get; private set; }

    public void Count(PhoneNumber number)
    {
        Total++;
        Statuses[number.Status] = Statuses.GetValueOrDefault(number.Status) + 1;
        switch (number.Allocation)
        {
            case null:
                Unallocated++;
                break;
            case { Kind: OrganizationKind.Operator }:
                Operator++;
                break;
            case { OccupierId: { } occupierId }:
                _occupierCounts[occupierId] = _occupierCounts.GetValueOrDefault(occupierId) + 1;
                break;
        }

        if (number.Assignment is null)
        {
            Unassigned++;
        }
        else
        {
            Assigned++;
        }
    }

    public void NameOccupiers(IReadOnlyDictionary<string, Organization> organizations)
    {
        Occupiers.Clear();
        Occupiers.AddRange(_occupierCounts.Select(c => new OccupierFacet(c.Key, organizations.GetValueOrDefault(c.Key)?.Name, c.Value)));
    }
}

public sealed record OccupierFacet(string OccupierId, string? Name, int Count);
