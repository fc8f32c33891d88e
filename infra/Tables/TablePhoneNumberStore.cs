using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Events;

namespace Telephony.Infrastructure.Tables;

public sealed class TablePhoneNumberStore(TelephonyTable table, EventRelay events) : IPhoneNumberStore
{
    /// <summary>An entity-group transaction holds at most 100 operations: 20 numbers with their first event's rows.</summary>
    private const int NumbersPerImportBatch = 100 / (1 + EntityMapping.RowsPerEvent);

    public async Task<PhoneNumber?> FindAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<PhoneNumberEntity>(siteId, Keys.Number(number), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToDomain() : null;
    }

    public async Task<bool> TrySaveAsync(PhoneNumber number, Organization? organization, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(number.NewEvents.Count * EntityMapping.RowsPerEvent + 2)
        {
            Write(number.ToEntity(), number.StoreVersion),
        };
        actions.AddRange(number.NewEvents.SelectMany(EntityMapping.Recorded));
        if (organization is not null)
        {
            actions.Add(Write(organization.ToEntity(), organization.StoreVersion));
        }

        var client = await table.ClientAsync();
        var recorded = number.NewEvents.Count > 0;
        await events.NoteAsync(number.NewEvents, cancellationToken);
        try
        {
            var response = await client.SubmitTransactionAsync(actions, cancellationToken);
            number.StoreVersion = response.Value[0].Headers.ETag?.ToString();
            number.MarkEventsStored();
            if (organization is not null)
            {
                organization.StoreVersion = response.Value[^1].Headers.ETag?.ToString();
            }

            if (recorded)
            {
                await events.PublishCommittedAsync(number.SiteId, number.Number, cancellationToken);
            }

            return true;
        }
        catch (TableTransactionFailedException e) when (IsConcurrencyConflict(e.Status))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<bool>> AddAsync(IReadOnlyList<PhoneNumber> numbers, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var added = new bool[numbers.Count];
        for (var start = 0; start < numbers.Count; start += NumbersPerImportBatch)
        {
            var batch = numbers.Skip(start).Take(NumbersPerImportBatch).ToList();
            // An import's events are left to the sweep: publishing thousands inline would hold the request.
            await events.NoteAsync(batch.SelectMany(n => n.NewEvents).ToList(), cancellationToken);
            try
            {
                await client.SubmitTransactionAsync(batch.SelectMany(AddWithEvents), cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    added[start + i] = true;
                }
            }
            catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
            {
                // Another import added some of these meanwhile: add the rest one by one.
                for (var i = 0; i < batch.Count; i++)
                {
                    added[start + i] = await TryAddOneAsync(client, batch[i], cancellationToken);
                }
            }
        }

        foreach (var number in numbers)
        {
            number.MarkEventsStored();
        }

        return added;
    }

    public async Task<PhoneNumberPage> ListAsync(string siteId, PhoneNumberFilter filter, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var items = new List<PhoneNumber>(Math.Min(pageSize, 1000));
        // Ask storage for exactly a page (the search is matched here, so it reads full storage pages). A full page whose
        // storage page says more may follow ends with a token; no storage page is read just to peek past the end.
        var query = client.QueryAsync<PhoneNumberEntity>(TableQueries.Numbers(siteId, filter, after), cancellationToken: cancellationToken);
        await foreach (var storagePage in query.AsPages(pageSizeHint: filter.SearchDigits is null ? Math.Min(pageSize, 1000) : 1000))
        {
            var values = storagePage.Values;
            for (var i = 0; i < values.Count; i++)
            {
                var number = values[i].ToDomain();
                if (!filter.Matches(number))
                {
                    continue;
                }

                items.Add(number);
                if (items.Count == pageSize)
                {
                    var more = values.Skip(i + 1).Any(e => filter.Matches(e.ToDomain())) || storagePage.ContinuationToken is not null;
                    return new PhoneNumberPage(items, more ? number.Number : null);
                }
            }
        }

        return new PhoneNumberPage(items, null);
    }

    public IAsyncEnumerable<PhoneNumber> QueryAsync(string siteId, PhoneNumberFilter filter, CancellationToken cancellationToken) =>
        QueryAsync(siteId, filter, null, 1000, cancellationToken);

    public async Task<IReadOnlySet<string>> NumbersAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {Keys.NumberPrefix} and RowKey lt {Keys.NumbersEnd}");
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken))
        {
            numbers.Add(Keys.NumberOf(entity.RowKey));
        }

        return numbers;
    }

    private async IAsyncEnumerable<PhoneNumber> QueryAsync(
        string siteId, PhoneNumberFilter filter, string? after, int maxPerPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var query = TableQueries.Numbers(siteId, filter, after);
        await foreach (var entity in client.QueryAsync<PhoneNumberEntity>(query, maxPerPage, cancellationToken: cancellationToken))
        {
            var number = entity.ToDomain();
            // The query narrows what it can; the search (digits anywhere) has no OData form and is matched here.
            if (filter.Matches(number))
            {
                yield return number;
            }
        }
    }

    private static async Task<bool> TryAddOneAsync(TableClient client, PhoneNumber number, CancellationToken cancellationToken)
    {
        try
        {
            await client.SubmitTransactionAsync(AddWithEvents(number), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static IEnumerable<TableTransactionAction> AddWithEvents(PhoneNumber number) =>
        number.NewEvents
            .SelectMany(EntityMapping.Recorded)
            .Prepend(new TableTransactionAction(TableTransactionActionType.Add, number.ToEntity()));

    /// <summary>Inserts (no version) or replaces (version checked) one entity; its new version, or null when it changed meanwhile.</summary>
    internal static async Task<string?> TryWriteOneAsync(TableClient client, ITableEntity entity, string? storeVersion, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.SubmitTransactionAsync([Write(entity, storeVersion)], cancellationToken);
            return response.Value[0].Headers.ETag?.ToString();
        }
        catch (TableTransactionFailedException e) when (IsConcurrencyConflict(e.Status))
        {
            return null;
        }
    }

    internal static TableTransactionAction Write(ITableEntity entity, string? storeVersion) =>
        storeVersion is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(storeVersion));

    /// <summary>412: the ETag no longer matches; 409: an entity to add exists already (a racing insert won).</summary>
    internal static bool IsConcurrencyConflict(int status) =>
        status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;
}
