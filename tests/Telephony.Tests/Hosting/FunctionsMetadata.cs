using System.Text.Json;
using System.Text.RegularExpressions;
using Telephony.Tests.Support;

namespace Telephony.Tests.Hosting;

/// <summary>One function as the worker SDK wrote it to <c>functions.metadata</c>: the file the Functions host loads.</summary>
public sealed record MetadataFunction(string Name, string EntryPoint, string TriggerType, string? Route, IReadOnlyList<string> Methods, IReadOnlyList<string> SettingNames)
{
    public string ClassName => EntryPoint[..EntryPoint.LastIndexOf('.')];

    public bool IsHttp => TriggerType == "httpTrigger";
}

/// <summary>Reads the built <c>functions/bin/&lt;configuration&gt;/net10.0/functions.metadata</c>.</summary>
public static partial class FunctionsMetadata
{
    public static readonly Lazy<IReadOnlyList<MetadataFunction>> Functions = new(() => Parse(File.ReadAllText(PathOfBuiltFile())));

    public static string PathOfBuiltFile()
    {
        // The functions project's own output: the file `func start` and a deployment read, not a copy of it.
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = folder.Parent!.Name;
        var targetFramework = folder.Name;
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "bin", configuration, targetFramework, "functions.metadata");
        return File.Exists(path) ? path : throw new FileNotFoundException("The functions project has not been built: no " + path);
    }

    public static IReadOnlyList<MetadataFunction> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .First(b => b.GetProperty("direction").GetString() is "In" or "in" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            var settings = function.GetProperty("bindings").EnumerateArray()
                .SelectMany(b => b.EnumerateObject())
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .SelectMany(p => SettingReference().Matches(p.Value.GetString()!).Select(m => m.Groups["name"].Value))
                .Distinct()
                .ToList();
            return new MetadataFunction(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                trigger.TryGetProperty("route", out var route) ? route.GetString() : null,
                trigger.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).ToList() : [],
                settings);
        }).ToList();
    }

    /// <summary>An app-setting reference, <c>%Name%</c>, as the host's name resolver expands it.</summary>
    [GeneratedRegex("%(?<name>[^%]+)%")]
    public static partial Regex SettingReference();
}
