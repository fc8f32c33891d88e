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
}
