using Azure.Data.Tables;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Tables;

/// <summary>
/// OData filters for a site's rows, each piece built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>
/// so no value from a request can break or widen a query.
/// </summary>
internal static class TableQueries
{
    /// <summary>The site's rows whose key starts with <paramref name="prefix"/> (which ends with <c>|</c>): one range read.</summary>
    public static string Range(string siteId, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {prefix} and RowKey lt {Keys.RangeEnd(prefix)}");

    public static string Numbers(string siteId, PhoneNumberFilter filter, string? after)
    {
        var start = after is null ? Keys.NumberPrefix : Keys.Number(after);
        var parts = new List<string>
        {
            after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey ge {start} and RowKey lt {Keys.NumbersEnd}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {siteId} and RowKey gt {start} and RowKey lt {Keys.NumbersEnd}"),
        };

        if (filter.Statuses is { Count: > 0 } statuses)
        {
            parts.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToWire()}"))) + ")");
        }

        switch (filter.Allocation)
        {
            case AllocationFilter.Unallocated:
                parts.Add(TableClient.CreateQueryFilter($"AllocationType eq {"none"}"));
                break;
            case AllocationFilter.Operator:
                parts.Add(TableClient.CreateQueryFilter($"AllocationType eq {"operator"}"));
                break;
            case AllocationFilter.Occupier:
                parts.Add(TableClient.CreateQueryFilter($"AllocationType eq {"occupier"}"));
                break;
        }

        if (filter.OccupierId is { } occupierId)
        {
            parts.Add(TableClient.CreateQueryFilter($"OccupierId eq {occupierId}"));
        }

        if (filter.OrganizationIds is { } organizations)
        {
            parts.Add(HeldByAny(organizations, id => id == Allocation.OperatorId
                ? TableClient.CreateQueryFilter($"AllocationType eq {"operator"}")
                : TableClient.CreateQueryFilter($"(AllocationType eq {"occupier"} and OccupierId eq {id})")));
        }

        if (filter.Assignment is { } assignment)
        {
            var assigned = assignment == AssignmentFilter.Assigned;
            parts.Add(TableClient.CreateQueryFilter($"Assigned eq {assigned}"));
        }

        return string.Join(" and ", parts);
    }

    /// <summary>Rows of any of <paramref name="organizationIds"/>, each selected by <paramref name="held"/>; none for an empty set.</summary>
    public static string HeldByAny(IReadOnlySet<string> organizationIds, Func<string, string> held) =>
        organizationIds.Count == 0
            ? TableClient.CreateQueryFilter($"(PartitionKey eq {""} and PartitionKey ne {""})")
            : "(" + string.Join(" or ", organizationIds.Order(StringComparer.Ordinal).Select(held)) + ")";
}
