using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.CoolingOff;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.CoolingOff;

public sealed class CoolingOffEntryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string SiteId { get; set; } = "";
    public string Number { get; set; } = "";
    public DateTimeOffset Until { get; set; }
}

// Keyed {untilUtc:yyyyMMddHHmmss}|{siteId}|{number} so a range query up to now reads exactly the due entries.
public sealed class TableCoolingOffIndex(TelephonyTable table) : ICoolingOffIndex
{
    private const string Partition = Keys.CoolingOffIndexPartition;

    // An entity-group transaction holds at most 100 operations.
    private const int EntriesPerBatch = 100;

    private const string TimeFormat = "yyyyMMddHHmmss";

    public async Task AddAsync(IReadOnlyCollection<CoolingOffEntry> entries, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        foreach (var batch in entries.DistinctBy(RowKey).Chunk(EntriesPerBatch))
        {
            // Upsert, not add: writing an entry that is already there is the normal case for a retried change.
            await client.SubmitTransactionAsync(
                batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(e))), cancellationToken);
        }
    }

    // A transaction fails whole when one entry is already gone (an overlapping run removed it): then one by one.
    public async Task RemoveAsync(IReadOnlyCollection<CoolingOffEntry> entries, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        foreach (var batch in entries.DistinctBy(RowKey).Chunk(EntriesPerBatch))
        {
            try
            {
                await client.SubmitTransactionAsync(
                    batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, RowKey(e)), ETag.All)),
                    cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
            {
                foreach (var entry in batch)
                {
                    await RemoveOneAsync(client, entry, cancellationToken);
                }
            }
        }
    }

    private static async Task RemoveOneAsync(TableClient client, CoolingOffEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteEntityAsync(Partition, RowKey(entry), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Already removed (by an overlapping run): nothing to do.
        }
    }

    public async IAsyncEnumerable<CoolingOffEntry> DueAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        // Every key of a second at or before now sorts below the next second's prefix.
        var end = now.ToUniversalTime().AddSeconds(1).ToString(TimeFormat, CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {end}");
        await foreach (var entity in client.QueryAsync<CoolingOffEntryEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            var entry = ToDomain(entity);
            if (entry.Until <= now)
            {
                yield return entry;
            }
        }
    }

    public async Task<bool> ContainsAsync(CoolingOffEntry entry, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<CoolingOffEntryEntity>(Partition, RowKey(entry), ["RowKey"], cancellationToken);
        return found.HasValue;
    }

    public static string RowKey(CoolingOffEntry entry) =>
        $"{entry.Until.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture)}|{entry.SiteId}|{entry.Number}";

    private static CoolingOffEntryEntity ToEntity(CoolingOffEntry entry) => new()
    {
        PartitionKey = Partition,
        RowKey = RowKey(entry),
        SiteId = entry.SiteId,
        Number = entry.Number,
        Until = entry.Until,
    };

    private static CoolingOffEntry ToDomain(CoolingOffEntryEntity entity) => new(entity.Until.ToUniversalTime(), entity.SiteId, entity.Number);
}
