using Telephony.Domain.PhoneNumbers;

namespace Telephony.Functions.PhoneNumbers;

/// <summary>The values present in the unfiltered list, with counts; a value with no number is left out.</summary>
public sealed record FacetsResponse(
    int Total, IReadOnlyDictionary<string, int> Statuses, IReadOnlyDictionary<string, object> Allocation, IReadOnlyDictionary<string, int> Assignment)
{
    public static FacetsResponse From(PhoneNumberFacets facets)
    {
        var allocation = new Dictionary<string, object>();
        if (facets.Unallocated > 0)
        {
            allocation["unallocated"] = facets.Unallocated;
        }

        if (facets.Operator > 0)
        {
            allocation["operator"] = facets.Operator;
        }

        allocation["occupiers"] = facets.Occupiers.Select(o => new OccupierFacetResponse(o.OccupierId, o.Name, o.Count)).ToList();
        var assignment = new Dictionary<string, int>();
        if (facets.Assigned > 0)
        {
            assignment["assigned"] = facets.Assigned;
        }

        if (facets.Unassigned > 0)
        {
            assignment["unassigned"] = facets.Unassigned;
        }

        return new FacetsResponse(facets.Total, facets.Statuses.ToDictionary(s => s.Key.ToWire(), s => s.Value), allocation, assignment);
    }
}

public sealed record OccupierFacetResponse(string OccupierId, string? Name, int Count);
