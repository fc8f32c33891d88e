using Telephony.Domain.PhoneNumbers;

namespace Telephony.Functions.PhoneNumbers;

/// <summary>A number as the list, the get and every command return it (spec: "Shapes the web UI relies on").</summary>
public sealed record PhoneNumberResponse(
    string Number,
    string Extension,
    string Status,
    AllocatedToResponse? AllocatedTo,
    AssignedToResponse? AssignedTo,
    DateTimeOffset? CoolingOffUntil,
    bool IsMainNumber,
    string? RangeName,
    bool Locked,
    string? LockReason,
    bool UpdateInProgress,
    PendingOperationResponse? PendingOperation,
    LastFailureResponse? LastFailure,
    IReadOnlyList<string> AllowedActions)
{
    public static PhoneNumberResponse From(PhoneNumberDetails details, DateTimeOffset now)
    {
        var n = details.Number;
        return new PhoneNumberResponse(
            n.Number,
            n.Extension,
            n.Status.ToWire(),
            n.Allocation switch
            {
                null => null,
                { Kind: OrganizationKind.Operator } => new AllocatedToResponse("operator", null, null),
                _ => new AllocatedToResponse("occupier", n.Allocation.OccupierId, details.OccupierName),
            },
            n.Assignment is null ? null : new AssignedToResponse(n.Assignment.UserId, n.Assignment.DisplayName),
            n.CoolingOffUntil,
            n.IsMainNumber,
            n.RangeName,
            n.Locked,
            n.LockReason,
            n.UpdateInProgress,
            n.PendingOperation is null ? null : new PendingOperationResponse(n.PendingOperation.Kind.ToWire(), n.PendingOperation.OperationId, n.PendingOperation.StartedAt),
            n.LastFailure is null ? null : new LastFailureResponse(n.LastFailure.Kind.ToWire(), n.LastFailure.Reason, n.LastFailure.At),
            details.AllowedActions(now).Select(a => a.ToWire()).ToList());
    }
}

/// <summary><c>{"type":"operator"}</c> or <c>{"type":"occupier","occupierId":…,"name":…}</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(AllocatedToConverter))]
public sealed record AllocatedToResponse(string Type, string? OccupierId, string? Name);

public sealed record AssignedToResponse(string UserId, string DisplayName);

public sealed record PendingOperationResponse(string Kind, string OperationId, DateTimeOffset StartedAt);

public sealed record LastFailureResponse(string Kind, string Reason, DateTimeOffset At);

public sealed record PhoneNumberListResponse(IReadOnlyList<PhoneNumberResponse> Items, string? ContinuationToken);

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

/// <summary>Writes the operator's allocation without occupier fields, as the spec shows it.</summary>
internal sealed class AllocatedToConverter : System.Text.Json.Serialization.JsonConverter<AllocatedToResponse>
{
    public override AllocatedToResponse Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        throw new NotSupportedException("AllocatedTo is only written.");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, AllocatedToResponse value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type);
        if (value.Type == "occupier")
        {
            writer.WriteString("occupierId", value.OccupierId);
            writer.WriteString("name", value.Name);
        }

        writer.WriteEndObject();
    }
}
