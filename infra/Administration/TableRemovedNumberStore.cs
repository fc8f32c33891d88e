using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Administration;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Administration;

/// <summary>
/// Removing a number deletes its <c>num|</c> row and keeps its <c>evt|</c> rows. A <c>rem|{number}</c> row, written in the
/// same transaction, keeps the sequence the history ends at, so a re-import reads one small key range instead of
/// every removed number's history.
/// </summary>
public sealed class TableRemovedNumberStore(TelephonyTable table, EventRelay events) : IRemovedNumberStore
{
    public async Task<bool> TryRemoveAsync(PhoneNumber number, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(number.NewEvents.Count * EntityMapping.RowsPerEvent + 2)
        {
            new(TableTransactionActionType.Delete, new TableEntity(number.SiteId, Keys.Number(number.Number)), new ETag(number.StoreVersion!)),
            new(TableTransactionActionType.UpsertReplace, new TableEntity(number.SiteId, Keys.Removed(number.Number))
            {
                ["Sequence"] = number.Sequence,
            }),
        };
        actions.AddRange(number.NewEvents.SelectMany(EntityMapping.Recorded));

        var client = await table.ClientAsync();
        // Noted before the commit like every other change, so the sweep publishes the removal if the process dies after it.
        await events.NoteAsync(number.NewEvents, cancellationToken);
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (TablePhoneNumberStore.IsConcurrencyConflict(e.Status) || e.Status == 404)
        {
            return false;
        }

        number.MarkEventsStored();
        await events.PublishCommittedAsync(number.SiteId, number.Number, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyDictionary<string, long>> RemovedAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {Keys.RemovedPrefix} and RowKey lt {Keys.RemovedEnd}");
        var removed = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, 1000, ["RowKey", "Sequence"], cancellationToken))
        {
            removed[entity.RowKey[Keys.RemovedPrefix.Length..]] = entity.GetInt64("Sequence") ?? 0;
        }

        return removed;
    }
}
