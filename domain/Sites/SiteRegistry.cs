namespace Telephony.Domain.Sites;

/// <summary>A known site as the site list shows it: its id, its name (null: none set) and how many numbers are provisioned at it.</summary>
public sealed record RegisteredSite(string SiteId, string? Name, long Numbers)
{
    public string DisplayName => Name ?? SiteId;
}

/// <param name="After">The last site id on the page when more follow; null on the last page.</param>
public sealed record RegisteredSitePage(IReadOnlyList<RegisteredSite> Items, string? After);

/// <summary>
/// Every known site in one place, so listing sites never scans their partitions, with a count of each site's numbers
/// kept as numbers are imported and removed. Implemented in infra/ on Table Storage.
/// </summary>
public interface ISiteRegistry
{
    /// <summary>Registers the site with no numbers, unless it is registered already, and gives its row the site's <paramref name="name"/>.</summary>
    Task RegisterAsync(string siteId, string? name, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="change"/> (negative when numbers are removed) to the site's count, registering it first if needed.</summary>
    Task CountNumbersAsync(string siteId, int change, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the site's count to what <paramref name="count"/> finds, registering the site if needed; counted again when
    /// an import or removal changes the count meanwhile. True when the row was added or its count was wrong.
    /// </summary>
    Task<bool> RecountAsync(string siteId, Func<CancellationToken, Task<long>> count, CancellationToken cancellationToken);

    /// <summary>Registered sites in id order, after <paramref name="after"/>.</summary>
    Task<RegisteredSitePage> ListAsync(int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>The given sites that are registered, in id order.</summary>
    Task<IReadOnlyList<RegisteredSite>> FindAsync(IReadOnlyCollection<string> siteIds, CancellationToken cancellationToken);
}
