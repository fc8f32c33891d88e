using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Telephony.Domain.CoolingOff;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.CoolingOff;

/// <summary>The known sites: each site's partition holds one <c>site</c> row. A scan of the table, for reconciliation only.</summary>
public sealed class TableSiteDirectory(TelephonyTable table) : ISiteDirectory
{
    public async IAsyncEnumerable<string> SiteIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {Keys.Site}");
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey"], cancellationToken))
        {
            yield return entity.PartitionKey;
        }
    }
}
