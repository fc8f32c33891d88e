using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Functions;
using Telephony.Tests.Deployment;
using Telephony.Tests.Support;

namespace Telephony.Tests.Hosting;

/// <summary>
/// No Functions host runs in CI, so what the host would refuse at start-up is checked here, on the built
/// <c>functions.metadata</c> it reads (see <see cref="HostLoadRules"/> for each rule's source).
/// </summary>
public sealed class FunctionsMetadataTests(BicepTemplateTests.CompiledTemplate deployment) : IClassFixture<BicepTemplateTests.CompiledTemplate>
{
    private static IReadOnlyList<MetadataFunction> Built => FunctionsMetadata.Functions.Value;

    [Fact]
    public void The_host_would_load_every_function_and_reach_every_route()
    {
        var violations = HostLoadRules.Violations(Built, LocalSettings.Value, DeployedSettings()).ToList();

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_metadata_lists_every_function_the_worker_defines()
    {
        var defined = typeof(TelephonyHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

        Assert.Equal(defined, Built.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_http_function_is_anonymous_at_the_host_because_app_service_authentication_is_the_front_door()
    {
        // Static Web Apps calls a linked backend without function keys, and a key the page sent would be public: the
        // Function app's App Service Authentication admits only the Static Web App instead (docs/security.md).
        using var document = JsonDocument.Parse(File.ReadAllText(FunctionsMetadata.PathOfBuiltFile()));
        var levels = document.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Select(b => (Function: f.GetProperty("name").GetString(), Binding: b)))
            .Where(x => x.Binding.GetProperty("type").GetString() == "httpTrigger")
            .Select(x => (x.Function, Level: x.Binding.GetProperty("authLevel").GetString()))
            .ToList();

        Assert.Equal(Built.Count(f => f.IsHttp), levels.Count);
        Assert.All(levels, l => Assert.True(l.Level == "Anonymous", $"{l.Function} is {l.Level}"));
    }

    [Fact]
    public void Settings_named_in_host_json_are_set_locally_and_in_the_deployment()
    {
        var hostJson = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json"));
        var names = FunctionsMetadata.SettingReference().Matches(hostJson).Select(m => m.Groups["name"].Value).ToList();
        var deployed = DeployedSettings();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains(name, LocalSettings.Value));
        Assert.All(names, name => Assert.Contains(name, deployed));
    }

    [Fact]
    public async Task Every_function_class_in_the_metadata_resolves_from_the_host_Program_builds()
    {
        var azurite = await Azurite.InstanceAsync();
        // Only what a newcomer's functions/local.settings.json.example gives the host (the host hands Values to the
        // worker as environment variables), with the storage connection of the test's Azurite.
        using var host = TelephonyHost.Build([], configuration => configuration
            .AddInMemoryCollection(TestApp.ExampleSettings.Value)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TelephonyStorage"] = azurite.ConnectionString }));
        var assembly = typeof(TelephonyHost).Assembly;

        var classes = Built.Select(f => f.ClassName).Distinct().Select(name => assembly.GetType(name, throwOnError: true)!).ToList();

        Assert.NotEmpty(classes);
        foreach (var type in classes.Where(t => !(t.IsAbstract && t.IsSealed)))
        {
            // The worker creates a function's class per invocation from the invocation's scope.
            using var scope = host.Services.CreateScope();
            var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, type);
            Assert.IsType(type, instance);
        }
    }

    public static TheoryData<string, string, string> Defects => new()
    {
        // The routes this app shipped with, which the host dropped (issue 12).
        { "reserved admin prefix", """[{"name":"ImportPhoneNumbers","entryPoint":"A.B.Import","bindings":[{"name":"request","direction":"In","type":"httpTrigger","methods":["post"],"route":"admin/sites/{siteId}/phone-numbers/import"}]}]""", "reserves" },
        { "reserved prefix without a slash", """[{"name":"Ops","entryPoint":"A.B.Ops","bindings":[{"name":"request","direction":"In","type":"httpTrigger","methods":["get"],"route":"/Administration/ops"}]}]""", "reserves" },
        { "reserved runtime prefix", """[{"name":"Ops","entryPoint":"A.B.Ops","bindings":[{"name":"request","direction":"In","type":"httpTrigger","methods":["get"],"route":"runtime/ops"}]}]""", "reserves" },
        { "duplicate name", """[{"name":"Get","entryPoint":"A.B.Get","bindings":[{"name":"t","direction":"In","type":"timerTrigger","schedule":"0 * * * * *"}]},{"name":"get","entryPoint":"A.C.Get","bindings":[{"name":"t","direction":"In","type":"timerTrigger","schedule":"0 * * * * *"}]}]""", "share this name" },
        { "invalid name", """[{"name":"1Get","entryPoint":"A.B.Get","bindings":[{"name":"t","direction":"In","type":"timerTrigger","schedule":"0 * * * * *"}]}]""", "not a valid function name" },
        { "same route and method", """[{"name":"A","entryPoint":"A.B.A","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["get","post"],"route":"sites/{siteId}"}]},{"name":"B","entryPoint":"A.B.B","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["GET"],"route":"/Sites/{siteId}/"}]}]""", "is also A's" },
        { "same route, every method", """[{"name":"A","entryPoint":"A.B.A","bindings":[{"name":"r","direction":"In","type":"httpTrigger","route":"sites"}]},{"name":"B","entryPoint":"A.B.B","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["delete"],"route":"sites"}]}]""", "is also A's" },
        { "literal shadowed by a parameter mapped first", """[{"name":"GetPhoneNumber","entryPoint":"A.B.G","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["get"],"route":"sites/{siteId}/phone-numbers/{number}"}]},{"name":"PhoneNumberFacets","entryPoint":"A.B.F","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["get"],"route":"sites/{siteId}/phone-numbers/facets"}]}]""", "is shadowed by GetPhoneNumber" },
        { "order ignores case", """[{"name":"aGet","entryPoint":"A.B.G","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["get"],"route":"sites/{siteId}"}]},{"name":"Bfacets","entryPoint":"A.B.F","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["get"],"route":"sites/facets"}]}]""", "is shadowed by aGet" },
        { "unset schedule", """[{"name":"Sweep","entryPoint":"A.B.S","bindings":[{"name":"t","direction":"In","type":"timerTrigger","schedule":"%NoSuchSchedule%"}]}]""", "'%NoSuchSchedule%' is not set" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Each_rule_finds_the_defect_it_guards_against(string defect, string metadata, string expected)
    {
        var violations = HostLoadRules.Violations(FunctionsMetadata.Parse(metadata), new HashSet<string>(), new HashSet<string>()).ToList();

        Assert.True(violations.Any(v => v.Contains(expected, StringComparison.Ordinal)), $"{defect}: {string.Join("; ", violations)}");
    }

    [Fact]
    public void A_parameter_route_mapped_after_the_literal_one_takes_nothing_from_it()
    {
        var metadata = """[{"name":"FacetPhoneNumbers","entryPoint":"A.B.F","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["get"],"route":"sites/{siteId}/phone-numbers/facets"}]},{"name":"GetPhoneNumber","entryPoint":"A.B.G","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["get"],"route":"sites/{siteId}/phone-numbers/{number}"}]},{"name":"AllocatePhoneNumber","entryPoint":"A.B.A","bindings":[{"name":"r","direction":"In","type":"httpTrigger","methods":["post"],"route":"sites/{siteId}/phone-numbers/{number}/allocate"}]}]""";

        Assert.Empty(HostLoadRules.Violations(FunctionsMetadata.Parse(metadata), new HashSet<string>(), new HashSet<string>()));
    }

    private static readonly Lazy<ISet<string>> LocalSettings = new(() =>
    {
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "local.settings.json.example");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    });

    private ISet<string> DeployedSettings() => deployment.AppSettings().Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
}
