using System.Text.Json;
using System.Text.Json.Serialization;

// A number as the list, the get and every command return it (spec: "Shapes the web UI relies on"). This file is the one
// definition of that shape: the Function app writes it, and the page (web/Telephony.Web.csproj links this file) reads
// it, each in its own namespace so a project that references both (the browser tests) sees two distinct types. What each
// side adds lives in its own partial: the functions' factory from the domain (PhoneNumberResponse.From.cs), the page's
// ETag and display text (web/Api/PhoneNumberResponse.Page.cs). Only this file's using directives are allowed here: the
// page cannot reference the domain.
#if TELEPHONY_WEB
namespace Telephony.Web.Api;
#else
namespace Telephony.Functions.PhoneNumbers;
#endif

public sealed partial record PhoneNumberResponse(
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
    IReadOnlyList<string> AllowedActions);

/// <summary><c>{"type":"operator"}</c> or <c>{"type":"occupier","occupierId":…,"name":…}</c>.</summary>
[JsonConverter(typeof(AllocatedToConverter))]
public sealed record AllocatedToResponse(string Type, string? OccupierId, string? Name);

public sealed record AssignedToResponse(string UserId, string DisplayName);

public sealed record PendingOperationResponse(string Kind, string OperationId, DateTimeOffset StartedAt);

public sealed record LastFailureResponse(string Kind, string Reason, DateTimeOffset At);

/// <summary>Writes the operator's allocation without occupier fields, as the spec shows it; reads either form.</summary>
internal sealed class AllocatedToConverter : JsonConverter<AllocatedToResponse>
{
    public override AllocatedToResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var value = document.RootElement;
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("allocatedTo is an object with a string 'type'.");
        }

        return new AllocatedToResponse(type.GetString()!, Text(value, "occupierId"), Text(value, "name"));
    }

    public override void Write(Utf8JsonWriter writer, AllocatedToResponse value, JsonSerializerOptions options)
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

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null;
}
