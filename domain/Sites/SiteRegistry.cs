namespace Telephony.Domain.Sites;

public sealed record RegisteredSite(string SiteId, string? Name, long Numbers)
{
    public string DisplayName => Name ?? SiteId;
}

// After: the last site id on the page when more follow.
public sealed record RegisteredSitePage(IReadOnlyList<RegisteredSite> Items, string? After);

// Every known site in one row each, so listing sites never scans their partitions.
public interface ISiteRegistry
{
    Task RegisterAsync(string siteId, string? name, CancellationToken cancellationToken);

    // change is negative when numbers are removed.
    Task CountNumbersAsync(string siteId, int change, CancellationToken cancellationToken);

    // Counts again when an import or removal changes the count meanwhile. True when the row was added or was wrong.
    Task<bool> RecountAsync(string siteId, Func<CancellationToken, Task<long>> count, CancellationToken cancellationToken);

    Task<RegisteredSitePage> ListAsync(int pageSize, string? after, CancellationToken cancellationToken);

    Task<IReadOnlyList<RegisteredSite>> FindAsync(IReadOnlyCollection<string> siteIds, CancellationToken cancellationToken);
}
