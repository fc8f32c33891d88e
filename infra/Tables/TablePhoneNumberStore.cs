using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Events;
using Telephony.Infrastructure.Idempotency;

namespace Telephony.Infrastructure.Tables;

public sealed class TablePhoneNumberStore(
    TelephonyTable table, EventOutbox outbox, TableIdempotencyStore idempotency, CachingOrganizationStore organizations, TimeProvider time) : IPhoneNumberStore
{
    /// <summary>An entity-group transaction holds at most 100 operations: 33 numbers, each with its first event's note and activity row.</summary>
    private const int NumbersPerImportBatch = EventOutbox.MaxTransactionSize / (1 + EventOutbox.RowsPerEvent);

    public async Task<PhoneNumber?> FindAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<PhoneNumberEntity>(siteId, Keys.Number(number), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToDomain() : null;
    }

    public Task<bool> TrySaveAsync(PhoneNumber number, Organization? organization, CancellationToken cancellationToken) =>
        CommitAsync(number, organization, null, cancellationToken);

    /// <summary>
    /// As <see cref="TrySaveAsync(PhoneNumber, Organization?, CancellationToken)"/>, with the key's record inserted in the
    /// same transaction when <paramref name="kept"/> is given: the transaction fails on it if a record holds the key.
    /// </summary>
    public async Task<CommitOutcome> TryCommitAsync(PhoneNumber number, Organization? organization, KeptAnswer? kept, CancellationToken cancellationToken)
    {
        if (await CommitAsync(number, organization, kept is null ? null : TableIdempotencyStore.Row(number.SiteId, kept), cancellationToken))
        {
            return CommitOutcome.Committed;
        }

        if (kept is null || await idempotency.FindAsync(number.SiteId, kept.Key.KeyHash, cancellationToken) is not { } existing)
        {
            return CommitOutcome.Lost; // The number (or the organization) changed since it was read.
        }

        if (existing.IsLive(time.GetUtcNow()))
        {
            return CommitOutcome.KeyTaken;
        }

        // An expired record is in the key's place: the same change again, replacing it (not a lost race on the number,
        // which a caller's If-Match would answer with 412).
        if (await CommitAsync(number, organization, TableIdempotencyStore.Row(number.SiteId, kept, existing.StoreVersion), cancellationToken))
        {
            return CommitOutcome.Committed;
        }

        // A duplicate replaced the expired record first, or the number changed since it was read.
        return await idempotency.FindAsync(number.SiteId, kept.Key.KeyHash, cancellationToken) is { } again && again.IsLive(time.GetUtcNow())
            ? CommitOutcome.KeyTaken
            : CommitOutcome.Lost;
    }

    /// <param name="last">A row of the site's partition that commits with the change (an idempotency record), after the event rows.</param>
    private Task<bool> CommitAsync(PhoneNumber number, Organization? organization, TableTransactionAction? last, CancellationToken cancellationToken) =>
        // The organization's row written here must reach this process's copy of it, as a save of it would.
        organizations.CommitAsync(organization, () => WriteAsync(number, organization, last, cancellationToken));

    private async Task<bool> WriteAsync(PhoneNumber number, Organization? organization, TableTransactionAction? last, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> change = [Write(number.ToEntity(), number.StoreVersion)];
        if (organization is not null)
        {
            change.Add(Write(organization.ToEntity(), organization.StoreVersion));
        }

        try
        {
            var response = await outbox.CommitAsync(number, change, last, cancellationToken);
            number.StoreVersion = response[0].Headers.ETag?.ToString();
            if (organization is not null)
            {
                organization.StoreVersion = response[1].Headers.ETag?.ToString();
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
        var added = new bool[numbers.Count];
        try
        {
            for (var start = 0; start < numbers.Count; start += NumbersPerImportBatch)
            {
                var batch = numbers.Skip(start).Take(NumbersPerImportBatch).ToList();
                try
                {
                    await outbox.CommitUnpublishedAsync(batch, Add, cancellationToken);
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
                        added[start + i] = await TryAddOneAsync(batch[i], cancellationToken);
                    }
                }
            }
        }
        finally
        {
            // After the commits (a marker before them could be cleared by a sweep that ran in between).
            if (numbers.Count > 0)
            {
                await outbox.LeaveToSweepAsync(numbers[0].SiteId, cancellationToken);
            }
        }

        foreach (var number in numbers)
        {
            number.MarkEventsStored();
        }

        return added;
    }

    /// <summary>The most entities one storage query answers with.</summary>
    private const int MaxStoragePage = 1000;

    public async Task<PhoneNumberPage> ListAsync(string siteId, PhoneNumberFilter filter, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var items = new List<PhoneNumber>(Math.Min(pageSize, MaxStoragePage));
        // A token is handed out only when a matching number is known to follow, so a full last page ends the list instead
        // of leading to an empty page. Storage is asked for the page and one number more; the search is matched here, so
        // it reads whole storage pages. No second query peeks past a full page: on Azurite every query scans the whole
        // table, so a peek cost as much as a page (docs/benchmarks.md, "Reading a site").
        var searched = filter.SearchDigits is not null;
        var query = client.QueryAsync<PhoneNumberEntity>(TableQueries.Numbers(siteId, filter, after), cancellationToken: cancellationToken);
        await foreach (var storagePage in query.AsPages(pageSizeHint: searched ? MaxStoragePage : Math.Min(pageSize + 1, MaxStoragePage)))
        {
            var values = storagePage.Values;
            var lastRowMatched = false;
            for (var i = 0; i < values.Count; i++)
            {
                var number = values[i].ToDomain();
                lastRowMatched = filter.Matches(number);
                if (!lastRowMatched)
                {
                    continue;
                }

                if (items.Count == pageSize)
                {
                    return new PhoneNumberPage(items, items[^1].Number);
                }

                items.Add(number);
            }

            if (items.Count < pageSize || storagePage.ContinuationToken is null)
            {
                continue;
            }

            // The page is full, and storage has more after this storage page.
            if (!searched)
            {
                // Storage applied the whole filter, and its continuation says another number it selects follows: Azurite
                // and Azure send one for a single-partition query only when more entities match, except that Azure also
                // sends one when a query runs out of its 5-second budget. Then the next page is empty and has no token.
                return new PhoneNumberPage(items, items[^1].Number);
            }

            if (lastRowMatched && items.Count > 1)
            {
                // The page's last match is the storage page's last row, and whether another follows needs a storage page
                // more (a page of 1,000 over numbers that all match lands here every time). The page gives that match
                // back instead: it opens the next page, so the token never leads to an empty page.
                items.RemoveAt(items.Count - 1);
                return new PhoneNumberPage(items, items[^1].Number);
            }

            // Otherwise (the rows after the page's last match did not match, or a page of one has no match to give back)
            // read on until one matches (a token) or the numbers end.
        }

        return new PhoneNumberPage(items, null);
    }

    public IAsyncEnumerable<PhoneNumber> QueryAsync(string siteId, PhoneNumberFilter filter, CancellationToken cancellationToken) =>
        QueryAsync(siteId, filter, null, MaxStoragePage, cancellationToken);

    public async Task<IReadOnlySet<string>> NumbersAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableQueries.Range(siteId, Keys.NumberPrefix);
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

    private async Task<bool> TryAddOneAsync(PhoneNumber number, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.CommitUnpublishedAsync([number], Add, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static TableTransactionAction Add(PhoneNumber number) => new(TableTransactionActionType.Add, number.ToEntity());

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
