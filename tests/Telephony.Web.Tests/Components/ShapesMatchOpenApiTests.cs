using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Telephony.Tests.OpenApi;
using Telephony.Web.Api;
using PhoneNumber = Telephony.Web.Api.PhoneNumberResponse;

namespace Telephony.Web.Tests.Components;

/// <summary>
/// The page's copies of the API's shapes (<c>web/Api/Shapes.cs</c>) against the schemas docs/openapi.yaml gives the
/// routes the page calls (and the OpenAPI tests hold the functions' answers to the same schemas): a field renamed,
/// retyped, dropped or made nullable on one side and not the other fails here instead of reading as null in the page.
/// </summary>
public sealed class ShapesMatchOpenApiTests
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Fields the API sends that the page has no use for.</summary>
    private static readonly Dictionary<Type, string[]> NotRead = new()
    {
        [typeof(Problem)] = ["type", "instance", "errors", "traceId"],
    };

    public static TheoryData<string, string, Type> Answers => new()
    {
        { "get", "/me", typeof(Me) },
        { "get", "/sites", typeof(Page<SiteSummary>) },
        { "get", "/sites/{siteId}", typeof(SiteSettings) },
        { "get", "/sites/{siteId}/organizations", typeof(OrganizationList) },
        { "get", "/sites/{siteId}/organizations/{organizationId}", typeof(OrganizationOverview) },
        { "get", "/sites/{siteId}/overview", typeof(Overview) },
        { "post", "/sites/{siteId}/phone-numbers/bulk", typeof(BulkResponse) },
        { "get", "/sites/{siteId}/activity", typeof(Page<ActivityEvent>) },
        { "get", "/sites/{siteId}/phone-numbers", typeof(Page<PhoneNumber>) },
        { "get", "/sites/{siteId}/phone-numbers/facets", typeof(Facets) },
        { "get", "/sites/{siteId}/phone-numbers/{number}", typeof(PhoneNumber) },
        { "post", "/sites/{siteId}/phone-numbers/{number}/allocate", typeof(PhoneNumber) },
        { "post", "/sites/{siteId}/phone-numbers/{number}/assign", typeof(PhoneNumber) },
        { "get", "/sites/{siteId}/phone-numbers/{number}/configuration", typeof(NumberConfiguration) },
        { "get", "/sites/{siteId}/phone-numbers/{number}/history", typeof(Page<NumberEvent>) },
        { "get", "/operations/{operationId}", typeof(Operation) },
        { "post", "/platform/sites/{siteId}/phone-numbers/import", typeof(ImportResult) },
    };

    public static TheoryData<string, string, Type> Requests => new()
    {
        { "post", "/sites/{siteId}/phone-numbers/{number}/allocate", typeof(AllocateRequest) },
        { "post", "/sites/{siteId}/phone-numbers/{number}/assign", typeof(AssignRequest) },
        { "put", "/sites/{siteId}/phone-numbers/{number}/configuration", typeof(NumberConfiguration) },
        { "put", "/sites/{siteId}/phone-numbers/{number}/pin", typeof(PinRequest) },
        { "put", "/sites/{siteId}/organizations/{organizationId}/voice-services", typeof(VoiceServicesRequest) },
        { "put", "/platform/sites/{siteId}/occupiers/{occupierId}", typeof(OccupierRequest) },
        { "put", "/platform/sites/{siteId}/settings", typeof(SiteSettingsRequest) },
        { "post", "/sites/{siteId}/phone-numbers/bulk", typeof(BulkRequest) },
        { "put", "/platform/sites/{siteId}/phone-numbers/{number}/lock", typeof(LockRequest) },
        { "put", "/platform/sites/{siteId}/phone-numbers/{number}/cooling-off", typeof(CoolingOffRequest) },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void The_page_reads_each_answer_as_docs_openapi_yaml_gives_it(string method, string path, Type shape)
    {
        var operation = Document.Paths[path]?[method] ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in docs/openapi.yaml.");
        var response = Resolve(operation["responses"]!["200"]!);
        var failures = new List<string>();

        Compare(shape, nullable: false, Resolve(response["content"]!["application/json"]!["schema"]!), shape.Name, answer: true, failures);

        Assert.True(failures.Count == 0, $"{method} {path}:\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void The_page_sends_each_body_as_docs_openapi_yaml_gives_it(string method, string path, Type shape)
    {
        var operation = Document.Paths[path]?[method] ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in docs/openapi.yaml.");
        var failures = new List<string>();

        Compare(shape, nullable: false, Resolve(operation["requestBody"]!["content"]!["application/json"]!["schema"]!), shape.Name, answer: false, failures);

        Assert.True(failures.Count == 0, $"{method} {path}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Problems_are_read_as_docs_openapi_yaml_gives_them()
    {
        var failures = new List<string>();

        Compare(typeof(Problem), nullable: false, Resolve(new JsonObject { ["$ref"] = "#/components/schemas/Problem" }), nameof(Problem), answer: true, failures);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("occupier")]
    [InlineData("unallocated")]
    public void The_page_reads_a_number_as_the_function_app_writes_it(string allocation)
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        var written = new Telephony.Functions.PhoneNumbers.PhoneNumberResponse(
            "+442071234567", "4567", "ACTIVE",
            allocation switch
            {
                "operator" => new Telephony.Functions.PhoneNumbers.AllocatedToResponse("operator", null, null),
                "occupier" => new Telephony.Functions.PhoneNumbers.AllocatedToResponse("occupier", "acme", "Acme Ltd"),
                _ => null,
            },
            new Telephony.Functions.PhoneNumbers.AssignedToResponse("u-1", "Ann Lee"), at.AddDays(90), false, "London 0207 123 45xx",
            true, "disputed", true, new Telephony.Functions.PhoneNumbers.PendingOperationResponse("deactivation", "op-1", at),
            new Telephony.Functions.PhoneNumbers.LastFailureResponse("activation", "platform refused", at), ["deactivate", "unassign"]);
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var json = JsonSerializer.Serialize(written, web);
        var read = JsonSerializer.Deserialize<PhoneNumber>(json, web)!;

        // Every field the app wrote comes back as written (the page's own members, its ETag, display text and holder's id, aside).
        var readBack = JsonNode.Parse(JsonSerializer.Serialize(read, web))!.AsObject();
        readBack.Remove("eTag");
        readBack.Remove("organizationId");
        readBack.Remove("statusKind");
        readBack.Remove("statusText");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), readBack), $"written: {json}\nread:    {readBack.ToJsonString()}");
        if (allocation == "operator")
        {
            Assert.Equal("""{"type":"operator"}""", JsonNode.Parse(json)!["allocatedTo"]!.ToJsonString());
        }

        Assert.Equal(allocation switch { "operator" => "Workspace Co", "occupier" => "Acme Ltd", _ => "" }, read.AllocatedToName("Workspace Co"));
    }

    [Fact]
    public void A_field_missing_on_either_side_or_newly_nullable_is_found()
    {
        var failures = new List<string>();
        var schema = JsonNode.Parse("""{"type":"object","required":["siteId"],"properties":{"siteId":{"type":["string","null"]},"count":{"type":["integer","null"]}}}""")!;

        Compare(typeof(SiteSummary), nullable: false, schema, nameof(SiteSummary), answer: true, failures);

        Assert.Equal(
            ["SiteSummary.siteId: the API may send null, the page's type is not nullable", "SiteSummary.name: the page reads a field the API does not send",
             "SiteSummary.numbers: the page reads a field the API does not send", "SiteSummary.count: the API sends a field the page does not read"],
            failures);
    }

    /// <summary>Compares a C# type with a schema, recording each difference in <paramref name="failures"/>.</summary>
    /// <param name="answer">An answer the page reads (every field both ways), or a body it sends (every required field sent).</param>
    private static void Compare(Type type, bool nullable, JsonNode schema, string at, bool answer, List<string> failures)
    {
        var (types, variants) = Kinds(schema);
        if (types.Contains("null") && !nullable && answer)
        {
            failures.Add($"{at}: the API may send null, the page's type is not nullable");
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var expected = JsonType(underlying);
        if (!types.Contains(expected))
        {
            failures.Add($"{at}: the page has {underlying.Name} ({expected}), the API {string.Join(" or ", types)}");
            return;
        }

        if (expected == "array")
        {
            var items = variants.Select(v => v["items"]).OfType<JsonNode>().FirstOrDefault();
            if (items is not null)
            {
                Compare(ElementType(underlying), nullable: false, Resolve(items), at + "[]", answer, failures);
            }
        }
        else if (expected == "object" && IsDictionary(underlying, out var valueType))
        {
            // A map: each value of the schema's (additional) properties is the dictionary's value type.
            foreach (var value in variants.SelectMany(v => (v["properties"] as JsonObject)?.Select(p => p.Value) ?? []).Append(variants.Select(v => v["additionalProperties"]).FirstOrDefault(a => a is JsonObject)))
            {
                if (value is not null)
                {
                    Compare(valueType, nullable: false, Resolve(value), at + "{}", answer, failures);
                }
            }
        }
        else if (expected == "object")
        {
            CompareFields(underlying, variants, at, answer, failures);
        }
    }

    private static void CompareFields(Type type, IReadOnlyList<JsonObject> variants, string at, bool answer, List<string> failures)
    {
        var objects = variants.Where(v => v["properties"] is JsonObject).ToList();
        var properties = new Dictionary<string, JsonNode>();
        foreach (var property in objects.SelectMany(o => o["properties"]!.AsObject()))
        {
            properties.TryAdd(property.Key, property.Value!);
        }

        // A field every variant requires is always there; any other may be missing, so the page must allow for null.
        HashSet<string>? alwaysThere = null;
        foreach (var required in objects.Select(o => (o["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []).ToHashSet()))
        {
            if (alwaysThere is null)
            {
                alwaysThere = required;
            }
            else
            {
                alwaysThere.IntersectWith(required);
            }
        }

        alwaysThere ??= [];
        var fields = Fields(type);
        foreach (var (name, (fieldType, fieldNullable)) in fields)
        {
            if (!properties.TryGetValue(name, out var property))
            {
                failures.Add($"{at}.{name}: the page {(answer ? "reads" : "sends")} a field the API does not {(answer ? "send" : "take")}");
                continue;
            }

            if (answer && !alwaysThere.Contains(name) && !fieldNullable)
            {
                failures.Add($"{at}.{name}: the API may leave it out, the page's type is not nullable");
            }

            Compare(fieldType, fieldNullable, Resolve(property), $"{at}.{name}", answer, failures);
        }

        var notRead = NotRead.GetValueOrDefault(type) ?? [];
        foreach (var name in answer ? properties.Keys.ToList() : alwaysThere.ToList())
        {
            if (!fields.ContainsKey(name) && !notRead.Contains(name))
            {
                failures.Add(answer ? $"{at}.{name}: the API sends a field the page does not read" : $"{at}.{name}: the API requires a field the page does not send");
            }
        }
    }

    /// <summary>The JSON fields of a record as System.Text.Json (web defaults, camelCase) reads and writes them: its primary constructor's parameters.</summary>
    private static Dictionary<string, (Type Type, bool Nullable)> Fields(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.GetParameters().ToDictionary(
            p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!),
            p => (p.ParameterType, p.ParameterType.IsValueType ? Nullable.GetUnderlyingType(p.ParameterType) is not null : Nullability.Create(p).ReadState != NullabilityState.NotNull || WrittenOnlyWhenSet(type, p.Name!)));
    }

    /// <summary>A body's field left out when null, so the API never sees null.</summary>
    private static bool WrittenOnlyWhenSet(Type type, string name) =>
        type.GetProperty(name)?.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.WhenWritingNull;

    private static string JsonType(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(DateTimeOffset) => "string",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(bool) => "boolean",
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => "array",
        _ => "object",
    };

    private static Type ElementType(Type list) => list.GetGenericArguments()[0];

    private static bool IsDictionary(Type type, out Type valueType)
    {
        var isDictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>);
        valueType = isDictionary ? type.GetGenericArguments()[1] : typeof(object);
        return isDictionary;
    }

    /// <summary>The JSON types a schema allows (a <c>const</c> is its value's type), and its object variants (of a <c>oneOf</c>).</summary>
    private static (HashSet<string> Types, IReadOnlyList<JsonObject> Variants) Kinds(JsonNode schema)
    {
        var variants = schema["oneOf"] is JsonArray oneOf ? oneOf.Select(v => Resolve(v!)).ToList() : [schema.AsObject()];
        var types = new HashSet<string>();
        foreach (var variant in variants)
        {
            switch (variant["type"])
            {
                case JsonArray many:
                    types.UnionWith(many.Select(t => t!.GetValue<string>()));
                    break;
                case JsonValue one:
                    types.Add(one.GetValue<string>());
                    break;
                default:
                    if (variant["const"] is JsonValue constant)
                    {
                        types.Add(constant.GetValueKind() == JsonValueKind.String ? "string" : "other");
                    }

                    break;
            }
        }

        return (types, variants.Where(v => v["type"]?.ToString() != "null").ToList());
    }

    /// <summary>Follows <c>$ref</c> within the document (components' schemas and responses).</summary>
    private static JsonObject Resolve(JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode)Document.Root, (n, part) => n[part]!);
        }

        return node.AsObject();
    }
}
