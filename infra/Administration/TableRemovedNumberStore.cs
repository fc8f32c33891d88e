using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Administration;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Administration;

// The number's events stay; a rem|{number} row in the same transaction keeps the sequence its history ends at, so a
// re-import reads one small key range instead of every removed number's history.
public sealed class TableRemovedNumberStore(TelephonyTable table, EventOutbox outbox) : IRemovedNumberStore
{
    public async Task<bool> TryRemoveAsync(PhoneNumber number, CancellationToken cancellationToken)
    {
        TableTransactionAction[] change =
        [
            new(TableTransactionActionType.Delete, new TableEntity(number.SiteId, Keys.Number(number.Number)), new ETag(number.StoreVersion!)),
            new(TableTransactionActionType.UpsertReplace, new TableEntity(number.SiteId, Keys.Removed(number.Number))
            {
                ["Sequence"] = number.Sequence,
            }),
        ];
        try
        {
            await outbox.CommitAsync(number, change, null, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (TablePhoneNumberStore.IsConcurrencyConflict(e.Status) || e.Status == 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> RemovedAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = TableQueries.Range(siteId, Keys.RemovedPrefix);
        var removed = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, 1000, ["RowKey", "Sequence"], cancellationToken))
        {
            removed[entity.RowKey[Keys.RemovedPrefix.Length..]] = entity.GetInt64("Sequence") ?? 0;
        }

        return removed;
    }
}
