using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// A note that an event may still need publishing. Notes live in one partition of their own, so finding what is
/// pending reads only the notes, never the inventory: RowKey <c>{siteId}|{number}|{sequence:D12}</c> orders them by
/// site, number and sequence. A note cannot share the number's transaction (another partition), so it is written
/// just before it: a note without a committed event is a change in flight, or one that failed.
/// </summary>
public sealed class OutboxNoteEntity : ITableEntity
{
    /// <summary>Not a valid site id (those start with a letter or digit), so it cannot collide with a site's partition.</summary>
    public const string Partition = "_outbox";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string SiteId { get; set; } = "";
    public string Number { get; set; } = "";
    public long Sequence { get; set; }
    /// <summary>The time of the change (the app's clock), to tell a change in flight from one that failed.</summary>
    public DateTimeOffset NotedAt { get; set; }

    public static string Key(string siteId, string number, long sequence) => $"{siteId}|{number}|{sequence:D12}";
}

public sealed class TableEventOutbox(TelephonyTable table) : IEventOutbox
{
    /// <summary>The most operations an entity-group transaction takes.</summary>
    private const int MaxTransactionSize = 100;

    public async Task NoteAsync(IReadOnlyList<PhoneNumberEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var client = await table.ClientAsync();
        foreach (var chunk in events.Chunk(MaxTransactionSize))
        {
            // Upsert: a racing change noting the same sequence refreshes the note (and its version) rather than failing.
            await client.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new OutboxNoteEntity
                {
                    RowKey = OutboxNoteEntity.Key(e.SiteId, e.Number, e.Sequence),
                    SiteId = e.SiteId,
                    Number = e.Number,
                    Sequence = e.Sequence,
                    NotedAt = e.Time,
                })),
                cancellationToken);
        }
    }

    public async IAsyncEnumerable<PendingEvent> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OutboxNoteEntity.Partition}");
        await foreach (var note in client.QueryAsync<OutboxNoteEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            yield return ToPending(note);
        }
    }

    public async Task<IReadOnlyList<PendingEvent>> ListAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var start = $"{siteId}|{number}|";
        var end = $"{siteId}|{number}}}";
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {OutboxNoteEntity.Partition} and RowKey ge {start} and RowKey lt {end}");
        var pending = new List<PendingEvent>();
        await foreach (var note in client.QueryAsync<OutboxNoteEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            pending.Add(ToPending(note));
        }

        return pending;
    }

    public async Task<StoredEvent?> ReadAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<PhoneNumberEventEntity>(
            pending.SiteId, Keys.Event(pending.Number, pending.Sequence), cancellationToken: cancellationToken);
        return found.HasValue
            ? new StoredEvent(found.Value!.ToDomain(), found.Value!.Published, found.Value!.ETag.ToString())
            : null;
    }

    public async Task MarkPublishedAsync(StoredEvent stored, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var e = stored.Event;
        var update = new TableEntity(e.SiteId, Keys.Event(e.Number, e.Sequence)) { [nameof(PhoneNumberEventEntity.Published)] = true };
        try
        {
            await client.UpdateEntityAsync(update, new ETag(stored.StoreVersion), TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException x) when (x.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Another dispatcher marked it first.
        }
    }

    public async Task ForgetAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        try
        {
            await client.DeleteEntityAsync(
                OutboxNoteEntity.Partition, OutboxNoteEntity.Key(pending.SiteId, pending.Number, pending.Sequence),
                new ETag(pending.StoreVersion), cancellationToken);
        }
        catch (RequestFailedException x) when (x.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Written again by a change in flight (kept for it), or already forgotten.
        }
    }

    private static PendingEvent ToPending(OutboxNoteEntity note) =>
        new(note.SiteId, note.Number, note.Sequence, note.NotedAt, note.ETag.ToString());
}
