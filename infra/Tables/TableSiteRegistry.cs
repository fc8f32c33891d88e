using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Common;
using Telephony.Domain.Sites;

namespace Telephony.Infrastructure.Tables;

// Outside the site's partition so listing sites is one range query; the count is an ETag-checked read-modify-write
// written just after the change it counts, so concurrent imports and removals never lose each other's change.
public sealed class TableSiteRegistry(TelephonyTable table) : ISiteRegistry
{
    public async Task RegisterAsync(string siteId, string? name, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var registered = await ConcurrencyBackOff.RunAsync<Done>(siteId, async () =>
        {
            var found = await client.GetEntityIfExistsAsync<SiteRegistryEntity>(Keys.SitesPartition, siteId, cancellationToken: cancellationToken);
            if (found.HasValue && found.Value!.Name == name)
            {
                return Done.Value;
            }

            var entity = found.HasValue ? found.Value! : new SiteRegistryEntity { RowKey = siteId };
            entity.Name = name;
            var written = await TablePhoneNumberStore.TryWriteOneAsync(client, entity, found.HasValue ? entity.ETag.ToString() : null, cancellationToken);
            return written is null ? null : Done.Value;
        }, cancellationToken);
        if (!registered.IsSuccess)
        {
            throw new InvalidOperationException($"The registry row of site {siteId} kept changing; its name was not written.");
        }
    }

    public async Task CountNumbersAsync(string siteId, int change, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var counted = await ConcurrencyBackOff.RunAsync<Done>(siteId, async () =>
        {
            var found = await client.GetEntityIfExistsAsync<SiteRegistryEntity>(Keys.SitesPartition, siteId, cancellationToken: cancellationToken);
            var entity = found.HasValue ? found.Value! : new SiteRegistryEntity { RowKey = siteId };
            entity.Numbers = Math.Max(0, entity.Numbers + change);
            if (await TablePhoneNumberStore.TryWriteOneAsync(client, entity, found.HasValue ? entity.ETag.ToString() : null, cancellationToken) is null)
            {
                return null;
            }

            return Done.Value;
        }, cancellationToken);
        if (!counted.IsSuccess)
        {
            throw new InvalidOperationException($"The number count of site {siteId} kept changing; it was not updated by {change}.");
        }
    }

    public async Task<bool> RecountAsync(string siteId, Func<CancellationToken, Task<long>> count, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var recounted = await ConcurrencyBackOff.RunAsync<bool>(siteId, async () =>
        {
            var found = await client.GetEntityIfExistsAsync<SiteRegistryEntity>(Keys.SitesPartition, siteId, cancellationToken: cancellationToken);
            var counted = await count(cancellationToken);
            if (found.HasValue && found.Value!.Numbers == counted)
            {
                return false;
            }

            var entity = found.HasValue ? found.Value! : new SiteRegistryEntity { RowKey = siteId };
            entity.Numbers = counted;
            // Checked against the row read before counting: a change counted meanwhile fails this, and it counts again.
            if (await TablePhoneNumberStore.TryWriteOneAsync(client, entity, found.HasValue ? entity.ETag.ToString() : null, cancellationToken) is null)
            {
                return null;
            }

            return true;
        }, cancellationToken);
        return recounted.IsSuccess
            ? recounted.Value
            : throw new InvalidOperationException($"The number count of site {siteId} kept changing while it was recounted.");
    }

    public async Task<RegisteredSitePage> ListAsync(int pageSize, string? after, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Keys.SitesPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Keys.SitesPartition} and RowKey gt {after}");
        var items = new List<RegisteredSite>(Math.Min(pageSize, 1000));
        await foreach (var page in client.QueryAsync<SiteRegistryEntity>(filter, Math.Min(pageSize + 1, 1000), cancellationToken: cancellationToken).AsPages())
        {
            foreach (var entity in page.Values)
            {
                if (items.Count == pageSize)
                {
                    return new RegisteredSitePage(items, items[^1].SiteId);
                }

                items.Add(new RegisteredSite(entity.RowKey, entity.Name, entity.Numbers));
            }
        }

        return new RegisteredSitePage(items, null);
    }

    public async Task<IReadOnlyList<RegisteredSite>> FindAsync(IReadOnlyCollection<string> siteIds, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await Task.WhenAll(siteIds.Distinct(StringComparer.Ordinal).Select(id =>
            client.GetEntityIfExistsAsync<SiteRegistryEntity>(Keys.SitesPartition, id, cancellationToken: cancellationToken)));
        return found.Where(f => f.HasValue).Select(f => new RegisteredSite(f.Value!.RowKey, f.Value.Name, f.Value.Numbers))
            .OrderBy(s => s.SiteId, StringComparer.Ordinal).ToList();
    }
}

public sealed class SiteRegistryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = Keys.SitesPartition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Numbers { get; set; }

    // Copied from the site's settings so the site list needs no read of each site.
    public string? Name { get; set; }
}
