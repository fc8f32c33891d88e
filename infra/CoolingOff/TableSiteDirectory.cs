using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Telephony.Domain.CoolingOff;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.CoolingOff;

// A scan of the table (one site row per partition): for reconciliation only.
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
