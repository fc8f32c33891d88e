using System.Text;

namespace Telephony.Web.Numbers;

// Kept in the URL with the API's query names: bookmarkable, Back/Forward, and the export reuses it.
public sealed record NumberFilter(string? Status = null, string? Allocation = null, string? OccupierId = null, string? Assignment = null, string? Search = null)
{
    // The operator's own organization is "operator"; any other id is an occupier's.
    public static NumberFilter ForOrganization(string organizationId) =>
        organizationId == OperatorId ? new(Allocation: "operator") : new(Allocation: "occupier", OccupierId: organizationId);

    public const string OperatorId = "operator";

    public static NumberFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new(
        Value(query, "status"), Value(query, "allocation"), Value(query, "occupierId"), Value(query, "assignment"), Value(query, "search"));

    // unallocated, operator, occupier or occupier:{id}.
    public string AllocationChoice => Allocation == "occupier" && OccupierId is not null ? $"occupier:{OccupierId}" : Allocation ?? "";

    public NumberFilter WithAllocationChoice(string? choice) => choice switch
    {
        null or "" => this with { Allocation = null, OccupierId = null },
        _ when choice.StartsWith("occupier:", StringComparison.Ordinal) => this with { Allocation = "occupier", OccupierId = choice["occupier:".Length..] },
        _ => this with { Allocation = choice, OccupierId = null },
    };

    public bool IsEmpty => this == new NumberFilter();

    // Set filters only, fixed order, no '?'.
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

    // Last repeated value wins.
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
