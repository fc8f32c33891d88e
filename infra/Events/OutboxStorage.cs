using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

/// <summary>A committed event still to be published: its note's copy of the event, and the note's version.</summary>
public sealed record PendingEvent(PhoneNumberEvent Event, string StoreVersion);

/// <summary>A site whose events may be pending: its marker in <see cref="Keys.PendingSitesPartition"/> and the marker's version.</summary>
public sealed record PendingSite(string SiteId, string StoreVersion);

/// <summary>
/// The outbox's rows. A note (<c>out|{number}|{sequence:D12}</c>, the whole event) lives in the site's partition and is
/// written in the change's own entity-group transaction: it is the event's record until the event is published, when
/// one transaction writes the record (<c>evt|{number}|{sequence:D12}</c>) and removes the note. So an unpublished event
/// is a note and a published one a record; finding what is pending reads a site's notes, never its inventory. A marker
/// per site in <see cref="Keys.PendingSitesPartition"/> says where the frequent sweep should look; the slow
/// reconciliation looks at every registered site.
/// </summary>
public sealed class OutboxStorage(TelephonyTable table)
{
    /// <summary>The note of an event, added in the change's transaction: the event as stored until it is published.</summary>
    public static TableTransactionAction Note(PhoneNumberEvent e)
    {
        var note = e.ToEntity();
        note.RowKey = Keys.Outbox(e.Number, e.Sequence);
        return new TableTransactionAction(TableTransactionActionType.Add, note);
    }

    /// <summary>One number's notes, in sequence order.</summary>
    public async Task<IReadOnlyList<PendingEvent>> NotesAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var pending = new List<PendingEvent>();
        await foreach (var note in QueryAsync(siteId, Keys.OutboxOf(number), cancellationToken))
        {
            pending.Add(note);
        }

        return pending;
    }

    /// <summary>A site's notes, by number and then sequence.</summary>
    public IAsyncEnumerable<PendingEvent> NotesAsync(string siteId, CancellationToken cancellationToken) =>
        QueryAsync(siteId, Keys.OutboxPrefix, cancellationToken);

    /// <summary>Whether the site has any note: a query that reads at most one row.</summary>
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

    /// <summary>
    /// Moves a published event from its note to its record: one transaction of the site's partition upserts the record
    /// (<c>Published = true</c>, from the note's copy) and deletes the note If-Match the version read. A note removed or
    /// changed meanwhile means another publisher got there first: its transaction wrote the record, and this one writes
    /// nothing.
    /// </summary>
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
            // Published and recorded by another publisher (the sweep and a change's own publish can race).
        }
    }

    /// <summary>Tells the sweep that the site has events to publish (a publish failed, timed out, or was left to it).</summary>
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

    /// <summary>Removes the site's marker, unless it was written again since it was read (a later failure needs the sweep).</summary>
    public async Task ClearSiteAsync(PendingSite site, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        try
        {
            await client.DeleteEntityAsync(Keys.PendingSitesPartition, site.SiteId, new ETag(site.StoreVersion), cancellationToken);
        }
        catch (RequestFailedException x) when (x.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Marked again meanwhile (kept for the next sweep), or already cleared.
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
