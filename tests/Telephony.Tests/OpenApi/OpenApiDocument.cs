using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Telephony.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Telephony.Tests.OpenApi;

/// <summary>
/// <c>docs/openapi.yaml</c> read as JSON, and answers checked against the schema it gives for their route, method,
/// status and media type (JSON Schema 2020-12, the dialect of OpenAPI 3.1, evaluated by JsonSchema.Net).
/// </summary>
public sealed class OpenApiDocument
{
    private static readonly Lazy<OpenApiDocument> Instance = new(() =>
        new OpenApiDocument(YamlToJson(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "openapi.yaml")))));

    private OpenApiDocument(JsonObject root) => Root = root;

    public static OpenApiDocument Load() => Instance.Value;

    public JsonObject Root { get; }

    public JsonObject Paths => Root["paths"]!.AsObject();

    /// <summary>Fails unless the answer's status is documented for the route and its body matches the documented schema.</summary>
    /// <param name="path">The route as documented, e.g. <c>/sites/{siteId}/phone-numbers/{number}</c>.</param>
    public void AssertConforms(string method, string path, HttpAnswer answer)
    {
        var operation = Paths[path]?[method.ToLowerInvariant()] ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in docs/openapi.yaml.");
        var response = Resolve(operation["responses"]?[answer.Status.ToString(CultureInfo.InvariantCulture)])
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} answered {answer.Status}, which docs/openapi.yaml does not list: {answer}");
        var mediaType = answer.ContentType?.Split(';')[0].Trim();
        if (response["content"] is not JsonObject content)
        {
            Assert.True(string.IsNullOrEmpty(answer.Body), $"{method} {path} {answer.Status} is documented without a body, but answered one: {answer}");
            return;
        }

        var schema = content[mediaType ?? ""]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} {answer.Status} answered {mediaType}, which docs/openapi.yaml does not list.");
        if (mediaType is not ("application/json" or "application/problem+json"))
        {
            return;
        }

        var results = Evaluate(schema, answer.Json);
        Assert.True(results.IsValid, $"{method} {path} {answer.Status} does not match docs/openapi.yaml: {Describe(results)}\n{answer.Body}");
    }

    /// <summary>Whether <paramref name="instance"/> matches the named schema of <c>components/schemas</c>.</summary>
    public bool Matches(string schemaName, JsonNode instance) =>
        Evaluate(new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName }, instance).IsValid;

    private EvaluationResults Evaluate(JsonNode schema, JsonNode instance)
    {
        // One schema document: the components' schemas as $defs, the response's schema as the root.
        var definitions = Rewrite(Root["components"]!["schemas"]!.DeepClone());
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = definitions,
            ["allOf"] = new JsonArray(Rewrite(schema.DeepClone())),
        };
        var built = JsonSchema.FromText(document.ToJsonString(), baseUri: new Uri($"https://telephony.invalid/openapi/{Guid.NewGuid():N}"));
        using var json = JsonDocument.Parse(instance.ToJsonString());
        return built.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));

    private JsonNode? Resolve(JsonNode? node) =>
        node?["$ref"]?.GetValue<string>() is { } reference
            ? Resolve(reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode?)Root, (current, part) => current?[part]))
            : node;

    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (name == "$ref" && value!.GetValue<string>() is var reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        o["$ref"] = "#/$defs/" + reference["#/components/schemas/".Length..];
                    }
                    else if (value is not null)
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a.OfType<JsonNode>())
                {
                    Rewrite(item);
                }

                break;
        }

        return node;
    }

    /// <summary>YAML to JSON: plain scalars are read as null, booleans and numbers as YAML 1.2 does; quoted ones stay strings.</summary>
    internal static JsonObject YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode)!.AsObject();

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}."),
        };

        static JsonNode? Scalar(YamlScalarNode scalar)
        {
            var text = scalar.Value ?? "";
            if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
            {
                return JsonValue.Create(text);
            }

            return text switch
            {
                "null" or "~" or "" => null,
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
                _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                _ => JsonValue.Create(text),
            };
        }
    }
}
