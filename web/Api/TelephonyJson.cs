using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Telephony.Web.Api;

// The API's shapes, compiled ahead: WebAssembly interprets .NET, and reflection-based JSON builds each type's metadata
// on its first use, which on a cold load is on the way to the first row. A type not listed here still works, by reflection.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Me))]
[JsonSerializable(typeof(Page<SiteSummary>))]
[JsonSerializable(typeof(SiteSettings))]
[JsonSerializable(typeof(Page<PhoneNumber>))]
[JsonSerializable(typeof(Facets))]
[JsonSerializable(typeof(Overview))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(BulkRequest))]
[JsonSerializable(typeof(BulkResponse))]
[JsonSerializable(typeof(OrganizationList))]
[JsonSerializable(typeof(Page<NumberEvent>))]
[JsonSerializable(typeof(Page<ActivityEvent>))]
[JsonSerializable(typeof(Operation))]
[JsonSerializable(typeof(NumberConfiguration))]
[JsonSerializable(typeof(ImportResult))]
[JsonSerializable(typeof(AllocateRequest))]
[JsonSerializable(typeof(AssignRequest))]
[JsonSerializable(typeof(PinRequest))]
[JsonSerializable(typeof(LockRequest))]
[JsonSerializable(typeof(CoolingOffRequest))]
[JsonSerializable(typeof(OccupierRequest))]
[JsonSerializable(typeof(VoiceServicesRequest))]
[JsonSerializable(typeof(SiteSettingsRequest))]
internal sealed partial class TelephonyJson : JsonSerializerContext
{
    public static JsonSerializerOptions WithReflectionFallback { get; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, new DefaultJsonTypeInfoResolver()),
    };
}
