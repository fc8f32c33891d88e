using Telephony.Domain.Common;

namespace Telephony.Domain.PhoneNumbers;

public enum AllocationFilter
{
    Unallocated,
    Operator,
    Occupier,
}

public enum AssignmentFilter
{
    Assigned,
    Unassigned,
}

/// <summary>What the list, export and their filter drop-downs select. Null or empty members select everything.</summary>
public sealed record PhoneNumberFilter
{
    public const int MaxSearchLength = 32;

    public static PhoneNumberFilter All { get; } = new();

    public IReadOnlySet<PhoneNumberStatus>? Statuses { get; init; }

    public AllocationFilter? Allocation { get; init; }

    /// <summary>Only numbers allocated to this occupier (implies <see cref="AllocationFilter.Occupier"/>).</summary>
    public string? OccupierId { get; init; }

    public AssignmentFilter? Assignment { get; init; }

    /// <summary>
    /// Only numbers allocated to one of these organizations (<c>operator</c> or occupier ids), whatever else the filter
    /// says: what an organization administrator may see. Null: no such limit; empty: no number.
    /// </summary>
    public IReadOnlySet<string>? OrganizationIds { get; init; }

    /// <summary>Digits to find anywhere in the number's E.164 digits or in its national form (<see cref="InRegion"/>).</summary>
    public string? SearchDigits { get; init; }

    /// <summary>The national form the search also matches: the site's region, set once the site is known.</summary>
    public NationalForm? SearchNationalForm { get; private init; }

    /// <summary>The search read with the country code, in national form (<c>447123</c> → <c>07123</c>).</summary>
    private string? NationalSearchDigits { get; init; }

    /// <summary>The same filter, whose search also matches numbers as they are written nationally in <paramref name="region"/>.</summary>
    public PhoneNumberFilter InRegion(string region)
    {
        if (SearchDigits is null || E164.NationalFormOf(region) is not { } national)
        {
            return this;
        }

        return this with { SearchNationalForm = national, NationalSearchDigits = national.Nationalise(SearchDigits) };
    }

    public bool Matches(PhoneNumber number)
    {
        if (Statuses is { Count: > 0 } && !Statuses.Contains(number.Status))
        {
            return false;
        }

        var allocationMatches = Allocation switch
        {
            AllocationFilter.Unallocated => number.Allocation is null,
            AllocationFilter.Operator => number.Allocation?.Kind == OrganizationKind.Operator,
            AllocationFilter.Occupier => number.Allocation?.Kind == OrganizationKind.Occupier,
            _ => true,
        };
        if (!allocationMatches || (OccupierId is not null && number.Allocation?.OccupierId != OccupierId))
        {
            return false;
        }

        if (OrganizationIds is { } organizations && (number.Allocation is not { } held || !organizations.Contains(held.OrganizationId)))
        {
            return false;
        }

        if (Assignment is { } assignment && (number.Assignment is not null) != (assignment == AssignmentFilter.Assigned))
        {
            return false;
        }

        return SearchDigits is null || MatchesSearch(E164.Digits(number.Number));
    }

    private bool MatchesSearch(string digits) =>
        digits.Contains(SearchDigits!, StringComparison.Ordinal) ||
        (SearchNationalForm is { } national &&
         (national.Contains(digits, SearchDigits!) || (NationalSearchDigits is { } nationalised && national.Contains(digits, nationalised))));

    /// <summary>Reads the filter from query-string values as the web UI sends them; refuses anything it cannot read.</summary>
    public static Result<PhoneNumberFilter> Parse(string? status, string? allocation, string? occupierId, string? assignment, string? search)
    {
        var errors = new Dictionary<string, string[]>();
        HashSet<PhoneNumberStatus>? statuses = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            statuses = [];
            foreach (var part in status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (PhoneNumberStatusNames.TryParse(part, out var parsed))
                {
                    statuses.Add(parsed);
                }
                else
                {
                    errors["status"] = ["status takes AVAILABLE, RESERVED, PENDING, ACTIVE or COOLDOWN, or a comma-separated list of them."];
                }
            }
        }

        AllocationFilter? allocationFilter = null;
        if (!string.IsNullOrWhiteSpace(allocation))
        {
            allocationFilter = allocation.Trim().ToLowerInvariant() switch
            {
                "unallocated" => AllocationFilter.Unallocated,
                "operator" => AllocationFilter.Operator,
                "occupier" => AllocationFilter.Occupier,
                _ => null,
            };
            if (allocationFilter is null)
            {
                errors["allocation"] = ["allocation takes unallocated, operator or occupier."];
            }
        }

        if (!string.IsNullOrEmpty(occupierId))
        {
            if (!Ids.IsValid(occupierId))
            {
                errors["occupierId"] = ["occupierId must be 1-64 letters, digits, '-' or '_'."];
            }
            else if (allocationFilter is AllocationFilter.Unallocated or AllocationFilter.Operator)
            {
                errors["occupierId"] = ["occupierId can only be combined with allocation=occupier."];
            }
            else
            {
                allocationFilter = AllocationFilter.Occupier;
            }
        }

        AssignmentFilter? assignmentFilter = null;
        if (!string.IsNullOrWhiteSpace(assignment))
        {
            assignmentFilter = assignment.Trim().ToLowerInvariant() switch
            {
                "assigned" => AssignmentFilter.Assigned,
                "unassigned" => AssignmentFilter.Unassigned,
                _ => null,
            };
            if (assignmentFilter is null)
            {
                errors["assignment"] = ["assignment takes assigned or unassigned."];
            }
        }

        string? digits = null;
        if (!string.IsNullOrWhiteSpace(search))
        {
            digits = SearchToDigits(search);
            if (search.Length > MaxSearchLength)
            {
                errors["search"] = [$"search is at most {MaxSearchLength} characters."];
            }
            else if (digits is null)
            {
                errors["search"] = ["search takes a whole or partial phone number: digits, optionally with spaces, dashes, parentheses and a leading '+'."];
            }
        }

        if (errors.Count > 0)
        {
            return Errors.InvalidRequest("The list filter is not valid: " + string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }

        return new PhoneNumberFilter
        {
            Statuses = statuses is { Count: > 0 } ? statuses : null,
            Allocation = allocationFilter,
            OccupierId = string.IsNullOrEmpty(occupierId) ? null : occupierId,
            Assignment = assignmentFilter,
            SearchDigits = digits,
        };
    }

    private static string? SearchToDigits(string search)
    {
        var text = search.Trim();
        if (text.StartsWith('+'))
        {
            text = text[1..];
        }

        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.Length == 0 ? null : digits.ToString();
    }
}
