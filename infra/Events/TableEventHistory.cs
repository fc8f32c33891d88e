using Azure.Data.Tables;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// A number's event records are the RowKey range <c>evt|{number}|{sequence:D12}</c> of its site's partition, so a page
/// of history is a bounded range read; Table Storage returns it oldest first and it is reversed here.
/// </summary>
public sealed class TableEventHistory(TelephonyTable table) : IEventHistory
{
    public async Task<IReadOnlyList<PhoneNumberEvent>> ReadAsync(string siteId, string number, long from, long to, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var first = Keys.Event(number, from);
        var last = Keys.Event(number, to);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {first} and RowKey le {last}");
        var events = new List<PhoneNumberEvent>((int)Math.Min(to - from + 1, 1000));
        await foreach (var entity in client.QueryAsync<PhoneNumberEventEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            events.Add(entity.ToDomain());
        }

        events.Reverse();
        return events;
    }

    /// <summary>Reads the keys of the number's range: only used for a number no longer provisioned.</summary>
    public async Task<long?> LastSequenceAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var start = Keys.EventsOf(number);
        var end = Keys.EventsEnd(number);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {start} and RowKey lt {end}");
        long? last = null;
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, 1000, [nameof(PhoneNumberEventEntity.Sequence)], cancellationToken))
        {
            last = entity.GetInt64(nameof(PhoneNumberEventEntity.Sequence));
        }

        return last;
    }
}
