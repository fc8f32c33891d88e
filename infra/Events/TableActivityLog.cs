using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// How far one activity page reads on. A filtered query's storage pages may hold few matches, or none: Table Storage
/// stops a query after 1,000 rows or 5 s and hands back a continuation. The page reads on until it is full, but starts
/// no further request once it has made <see cref="MaxRequests"/> or <see cref="Budget"/> has passed; it then answers
/// what it has with a position that resumes the scan. So an answer takes about 10 s at worst (the budget and one last
/// request of at most 5 s), well inside the 45 s after which Static Web Apps cuts a proxied request.
/// </summary>
/// <param name="MaxRowsPerRequest">The most rows one request asks for (<c>$top</c>; storage's own limit is 1,000).</param>
public sealed record ActivityReadBounds(int MaxRequests, TimeSpan Budget, int MaxRowsPerRequest)
{
    public static ActivityReadBounds Default { get; } = new(8, TimeSpan.FromSeconds(5), 1000);
}

/// <summary>
/// The site's activity rows (<see cref="Keys.ActivityPrefix"/>), each a copy of the event written with it. A page is one
/// range read newest first, asking storage for one row more than the page to know whether another follows; the type and
/// actor and organization filters are matched by storage on the row's <c>Change</c>, <c>ActorKey</c> and
/// <c>OrganizationId</c>, reading on (within
/// <see cref="ActivityReadBounds"/>) while its pages come back short.
/// </summary>
public sealed partial class TableActivityLog(TelephonyTable table, TimeProvider time, ActivityReadBounds bounds, ILogger<TableActivityLog> logger) : IActivityLog
{
    /// <summary>Marks a position that is storage's continuation of a scan stopped by the bounds, not an event's position.</summary>
    private const char ScanPrefix = '~';

    public async Task<ActivityPage?> ReadAsync(string siteId, ActivityFilter filter, int pageSize, string? after, CancellationToken cancellationToken)
    {
        string? continuation = null;
        var query = TableQueries.Range(siteId, Keys.ActivityPrefix);
        if (after is not null && after[0] == ScanPrefix)
        {
            continuation = after[1..];
        }
        else if (after is not null)
        {
            query += " and " + TableClient.CreateQueryFilter($"RowKey gt {Keys.ActivityPrefix + after}");
        }

        if (filter.Change is { } change)
        {
            query += " and " + TableClient.CreateQueryFilter($"Change eq {change}");
        }

        if (filter.ActorName is { } actor)
        {
            query += " and " + TableClient.CreateQueryFilter($"ActorKey eq {ActivityFilter.ActorKey(actor)}");
        }

        if (filter.OrganizationIds is { } organizations)
        {
            query += " and " + TableQueries.HeldByAny(organizations, id => TableClient.CreateQueryFilter($"OrganizationId eq {id}"));
        }

        try
        {
            return await ScanAsync(await table.ClientAsync(), siteId, query, filter, pageSize, continuation, cancellationToken);
        }
        catch (RequestFailedException e) when (continuation is not null && e.Status == 400)
        {
            return null;
        }
    }

    private async Task<ActivityPage> ScanAsync(
        TableClient client, string siteId, string query, ActivityFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var top = Math.Min(pageSize + 1, bounds.MaxRowsPerRequest);
        var items = new List<PhoneNumberEvent>(Math.Min(pageSize, 1000));
        string? last = null;
        var requests = 0;
        await foreach (var page in client.QueryAsync<PhoneNumberEventEntity>(query, top, cancellationToken: cancellationToken).AsPages(continuation, top))
        {
            requests++;
            // Storage matched the whole filter (ReadAsync): every row it answers is an item.
            foreach (var entity in page.Values)
            {
                if (items.Count == pageSize)
                {
                    return new ActivityPage(items, last);
                }

                items.Add(entity.ToDomain());
                last = entity.RowKey[Keys.ActivityPrefix.Length..];
            }

            if (page.ContinuationToken is null)
            {
                break;
            }

            if (requests >= bounds.MaxRequests || time.GetElapsedTime(started) >= bounds.Budget)
            {
                // Every row of this storage page was read: its continuation resumes exactly after them.
                logger.LogInformation(
                    "An activity page of site {SiteId} stopped reading on after {Requests} storage requests and {Elapsed} with {Items} of {PageSize} items (type {Change}, actor filter {ByActor}); its token resumes the scan",
                    siteId, requests, time.GetElapsedTime(started), items.Count, pageSize, filter.Change, filter.ActorName is not null);
                return new ActivityPage(items, ScanPrefix + page.ContinuationToken);
            }
        }

        return new ActivityPage(items, null);
    }

    /// <summary>An event's position (the activity row's key after its prefix), or storage's continuation of a stopped scan.</summary>
    public bool IsPosition(string after) => EventPosition().IsMatch(after) || ScanPosition().IsMatch(after);

    [GeneratedRegex(@"^\d{19}\|\+\d{1,15}\|\d{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex EventPosition();

    /// <summary>The SDK's continuation: storage's next partition and row keys, space-separated, opaque (a hash on Azure).</summary>
    [GeneratedRegex(@"^~[\x21-\x7E]{1,300} [\x21-\x7E]{0,300}$", RegexOptions.CultureInvariant)]
    private static partial Regex ScanPosition();
}
