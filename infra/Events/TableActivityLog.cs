using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Events;

/// <summary>
/// The site's activity rows (<see cref="Keys.ActivityPrefix"/> and its by-type and by-actor indexes), each a copy of
/// the event written with it. A page is one range read of the index the filter picks, asking storage for one row more
/// than the page to know whether another follows. Both filters together read the actor's index and match the type in
/// the query, so that page grows with the actor's own activity, not the site's.
/// </summary>
public sealed partial class TableActivityLog(TelephonyTable table) : IActivityLog
{
    public async Task<ActivityPage> ReadAsync(string siteId, ActivityFilter filter, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var prefix = filter.ActorName is { } actor ? Keys.ActivityByActorPrefix(actor)
            : filter.Change is { } change ? Keys.ActivityByTypePrefix(change)
            : Keys.ActivityPrefix;
        var start = prefix + (after ?? "");
        var end = Keys.RangeEnd(prefix);
        var query = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {start} and RowKey lt {end}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey gt {start} and RowKey lt {end}");
        if (filter.ActorName is not null && filter.Change is { } type)
        {
            query += " and " + TableClient.CreateQueryFilter($"Change eq {type}");
        }

        var client = await table.ClientAsync();
        var items = new List<PhoneNumberEvent>(Math.Min(pageSize, 1000));
        string? last = null;
        await foreach (var entity in client.QueryAsync<PhoneNumberEventEntity>(query, Math.Min(pageSize + 1, 1000), cancellationToken: cancellationToken))
        {
            if (items.Count == pageSize)
            {
                return new ActivityPage(items, last);
            }

            var e = entity.ToDomain();
            // A hash is the key of an actor's index: the name itself is checked too.
            if (filter.Matches(e))
            {
                items.Add(e);
            }

            last = entity.RowKey[prefix.Length..];
        }

        return new ActivityPage(items, null);
    }

    public bool IsPosition(string after) => Position().IsMatch(after);

    [GeneratedRegex(@"^\d{19}\|\+\d{1,15}\|\d{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Position();
}
