using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

public sealed record PendingEvent(PhoneNumberEvent Event, string StoreVersion);

public sealed record PendingSite(string SiteId, string StoreVersion);

// A note is written in the change's own transaction and is the event's record until published; publishing writes the
// record and removes the note in one transaction. Pending work is found from notes, never the inventory.
public sealed class OutboxStorage(TelephonyTable table)
{
    public static TableTransactionAction Note(PhoneNumberEvent e)
    {
        var note = e.ToEntity();
        note.RowKey = Keys.Outbox(e.Number, e.Sequence);
        return new TableTransactionAction(TableTransactionActionType.Add, note);
    }

    public async Task<IReadOnlyList<PendingEvent>> NotesAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var pending = new List<PendingEvent>();
        await foreach (var note in QueryAsync(siteId, Keys.OutboxOf(number), cancellationToken))
        {
            pending.Add(note);
        }

        return pending;
    }

    public IAsyncEnumerable<PendingEvent> NotesAsync(string siteId, CancellationToken cancellationToken) =>
        QueryAsync(siteId, Keys.OutboxPrefix, cancellationToken);

    public async Task<bool> HasNotesAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = TableQueries.Range(siteId, Keys.OutboxPrefix);
        await foreach (var page in client.QueryAsync<TableEntity>(filter, 1, ["RowKey"], cancellationToken).AsPages(pageSizeHint: 1))
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    // A note removed or changed meanwhile means another publisher wrote the record; this one writes nothing.
    public async Task RecordPublishedAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var e = pending.Event;
        var record = e.ToEntity();
        record.Published = true;
        try
        {
            await client.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, record),
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(e.SiteId, Keys.Outbox(e.Number, e.Sequence)), new ETag(pending.StoreVersion)),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException x) when (x.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
        {
            // The sweep and a change's own publish can race.
        }
    }

    public async Task MarkSitePendingAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        await client.UpsertEntityAsync(new TableEntity(Keys.PendingSitesPartition, siteId), TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<PendingSite> PendingSitesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.PendingSitesPartition}");
        await foreach (var marker in client.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken))
        {
            yield return new PendingSite(marker.RowKey, marker.ETag.ToString());
        }
    }

    // Kept when written again since read: a later failure needs the sweep.
    public async Task ClearSiteAsync(PendingSite site, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        try
        {
            await client.DeleteEntityAsync(Keys.PendingSitesPartition, site.SiteId, new ETag(site.StoreVersion), cancellationToken);
        }
        catch (RequestFailedException x) when (x.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
        }
    }

    private async IAsyncEnumerable<PendingEvent> QueryAsync(string siteId, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        await foreach (var note in client.QueryAsync<PhoneNumberEventEntity>(TableQueries.Range(siteId, prefix), 1000, cancellationToken: cancellationToken))
        {
            yield return new PendingEvent(note.ToDomain(), note.ETag.ToString());
        }
    }
}
