using System.Text.Json;
using System.Text.Json.Serialization;

// The one definition of the number's shape, linked into web/ too; each side adds its partial in its own namespace, so the
// browser tests see two distinct types. Only these usings: the page cannot reference the domain.
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

[JsonConverter(typeof(AllocatedToConverter))]
public sealed record AllocatedToResponse(string Type, string? OccupierId, string? Name);

public sealed record AssignedToResponse(string UserId, string DisplayName);

public sealed record PendingOperationResponse(string Kind, string OperationId, DateTimeOffset StartedAt);

public sealed record LastFailureResponse(string Kind, string Reason, DateTimeOffset At);

// The operator's allocation has no occupier fields, as the spec shows it.
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
