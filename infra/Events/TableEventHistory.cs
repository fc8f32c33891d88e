using Azure.Data.Tables;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

// Published events are records (evt|), the rest still outbox notes (out|); a page reads each range and merges them.
public sealed class TableEventHistory(TelephonyTable table) : IEventHistory
{
    // Sequences have no gaps, so the records say which events are still notes. An event published between the two reads
    // is in neither, so what is still missing is read once more from the records.
    public async Task<IReadOnlyList<PhoneNumberEvent>> ReadAsync(string siteId, string number, long from, long to, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var events = new SortedDictionary<long, PhoneNumberEvent>();
        await ReadRangeAsync(client, siteId, Keys.Event(number, from), Keys.Event(number, to), events, cancellationToken);
        if (Missing(events, from, to) is { } notes)
        {
            await ReadRangeAsync(client, siteId, Keys.Outbox(number, notes.First), Keys.Outbox(number, notes.Last), events, cancellationToken);
        }

        if (Missing(events, from, to) is { } moved)
        {
            await ReadRangeAsync(client, siteId, Keys.Event(number, moved.First), Keys.Event(number, moved.Last), events, cancellationToken);
        }

        return events.Values.Reverse().ToList();
    }

    // Reads keys of whole ranges: only used for a number no longer provisioned.
    public async Task<long?> LastSequenceAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        // Notes first: an event that is no note by then is a record by the time the records are read.
        var lastNote = await LastSequenceAsync(client, siteId, Keys.OutboxOf(number), cancellationToken);
        var lastRecord = await LastSequenceAsync(client, siteId, Keys.EventsOf(number), cancellationToken);
        return lastNote is null ? lastRecord : Math.Max(lastNote.Value, lastRecord ?? 0);
    }

    private static async Task ReadRangeAsync(
        TableClient client, string siteId, string first, string last, SortedDictionary<long, PhoneNumberEvent> events, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {first} and RowKey le {last}");
        await foreach (var entity in client.QueryAsync<PhoneNumberEventEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            events.TryAdd(entity.Sequence, entity.ToDomain());
        }
    }

    private static (long First, long Last)? Missing(SortedDictionary<long, PhoneNumberEvent> events, long from, long to)
    {
        if (events.Count == to - from + 1)
        {
            return null;
        }

        var first = from;
        while (events.ContainsKey(first))
        {
            first++;
        }

        var last = to;
        while (events.ContainsKey(last))
        {
            last--;
        }

        return (first, last);
    }

    private static async Task<long?> LastSequenceAsync(TableClient client, string siteId, string prefix, CancellationToken cancellationToken)
    {
        var filter = TableQueries.Range(siteId, prefix);
        long? last = null;
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, 1000, [nameof(PhoneNumberEventEntity.Sequence)], cancellationToken))
        {
            last = entity.GetInt64(nameof(PhoneNumberEventEntity.Sequence));
        }

        return last;
    }
}
