using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telephony.Domain.Sites;

namespace Telephony.Infrastructure.Tables;

// Every request finds its site first and settings change rarely. A missing site is never cached, so a new site is
// known at once; callers get their own copy to change.
public sealed class CachingSiteStore(TableSiteStore inner, TimeProvider time, IOptions<TableStorageOptions> options) : ISiteStore
{
    private readonly ConcurrentDictionary<string, (Site Site, DateTimeOffset Until)> _sites = new(StringComparer.Ordinal);

    public async Task<Site?> FindAsync(string siteId, CancellationToken cancellationToken)
    {
        if (_sites.TryGetValue(siteId, out var cached) && cached.Until > time.GetUtcNow())
        {
            return Copy(cached.Site);
        }

        var site = await inner.FindAsync(siteId, cancellationToken);
        Remember(site);
        return site is null ? null : Copy(site);
    }

    public async Task<bool> TrySaveAsync(Site site, CancellationToken cancellationToken)
    {
        var saved = await inner.TrySaveAsync(site, cancellationToken);
        if (saved)
        {
            Remember(Copy(site));
        }
        else
        {
            // Someone else changed it: the next read must see their version.
            _sites.TryRemove(site.SiteId, out _);
        }

        return saved;
    }

    private void Remember(Site? site)
    {
        if (site is not null && options.Value.SiteCacheDuration > TimeSpan.Zero)
        {
            _sites[site.SiteId] = (site, time.GetUtcNow() + options.Value.SiteCacheDuration);
        }
    }

    private static Site Copy(Site site) => new(site.SiteId)
    {
        Name = site.Name,
        OperatorName = site.OperatorName,
        CoolingOffDays = site.CoolingOffDays,
        DefaultRegion = site.DefaultRegion,
        AutoNominateMainNumber = site.AutoNominateMainNumber,
        StoreVersion = site.StoreVersion,
    };
}
