using Azure.Data.Tables;
using Telephony.Domain.Sites;

namespace Telephony.Infrastructure.Tables;

public sealed class TableSiteStore(TelephonyTable table) : ISiteStore
{
    public async Task<Site?> FindAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<SiteEntity>(siteId, Keys.Site, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToDomain() : null;
    }

    public async Task<bool> TrySaveAsync(Site site, CancellationToken cancellationToken)
    {
        var version = await TablePhoneNumberStore.TryWriteOneAsync(await table.ClientAsync(), site.ToEntity(), site.StoreVersion, cancellationToken);
        site.StoreVersion = version ?? site.StoreVersion;
        return version is not null;
    }
}
