using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Telephony.Web.Api;

// The first view's shapes, compiled ahead: WebAssembly interprets .NET, and reflection-based JSON builds each type's
// metadata on its first use, on a cold load on the way to the first row. Only these: each type listed adds to the
// download (all the API's shapes: 35 KB compressed), and every other shape still works, by reflection.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Me))]
[JsonSerializable(typeof(Page<SiteSummary>))]
[JsonSerializable(typeof(SiteSettings))]
[JsonSerializable(typeof(Page<PhoneNumber>))]
[JsonSerializable(typeof(Problem))]
internal sealed partial class TelephonyJson : JsonSerializerContext
{
    public static JsonSerializerOptions WithReflectionFallback { get; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, new DefaultJsonTypeInfoResolver()),
    };
}
