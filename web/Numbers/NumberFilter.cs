using System.Text;

namespace Telephony.Web.Numbers;

/// <summary>
/// The list's filters and search. They live in the page's URL with the API's own query names, so a view can be
/// bookmarked and shared, Back and Forward restore it, and the same query string selects the export's rows.
/// </summary>
public sealed record NumberFilter(string? Status = null, string? Allocation = null, string? OccupierId = null, string? Assignment = null, string? Search = null)
{
    public static NumberFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new(
        Value(query, "status"), Value(query, "allocation"), Value(query, "occupierId"), Value(query, "assignment"), Value(query, "search"));

    /// <summary>The allocation drop-down's value: <c>unallocated</c>, <c>operator</c>, <c>occupier</c> or <c>occupier:{id}</c>.</summary>
    public string AllocationChoice => Allocation == "occupier" && OccupierId is not null ? $"occupier:{OccupierId}" : Allocation ?? "";

    public NumberFilter WithAllocationChoice(string? choice) => choice switch
    {
        null or "" => this with { Allocation = null, OccupierId = null },
        _ when choice.StartsWith("occupier:", StringComparison.Ordinal) => this with { Allocation = "occupier", OccupierId = choice["occupier:".Length..] },
        _ => this with { Allocation = choice, OccupierId = null },
    };

    public bool IsEmpty => this == new NumberFilter();

    /// <summary>The query string (without <c>?</c>), only the filters that are set, in a fixed order.</summary>
    public string ToQuery()
    {
        var query = new StringBuilder();
        Add(query, "status", Status);
        Add(query, "allocation", Allocation);
        Add(query, "occupierId", OccupierId);
        Add(query, "assignment", Assignment);
        Add(query, "search", Search);
        return query.ToString();
    }

    private static void Add(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value.Trim()));
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string?> query, string name) =>
        query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The query of a URL, decoded, last value of a repeated name winning.</summary>
    public static IReadOnlyDictionary<string, string?> ParseQuery(string uri)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        var start = uri.IndexOf('?');
        if (start < 0)
        {
            return result;
        }

        var end = uri.IndexOf('#', start);
        foreach (var pair in uri[(start + 1)..(end < 0 ? uri.Length : end)].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            result[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        return result;
    }
}
