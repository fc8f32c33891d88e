using System.Reflection;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Functions;
using Telephony.Functions.Security;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>
/// Rule 13 over every HTTP route of the functions assembly (found by reflection, so a route added later is in the matrix),
/// for an organization administrator of acme at london-bridge: acme's numbers, the operator's, another occupier's, an
/// unallocated one, another site's, and the platform routes. The real functions run behind the real gate; where the
/// call is refused, no row of the table changed.
/// </summary>
public sealed class OrganizationAdminMatrixTests : IAsyncLifetime
{
    private const string Site = Api.Site;
    private const string OtherSite = "canary-wharf";
    private static readonly string Principal = Principals.OrganizationAdminOf($"{Site}/acme");

    /// <summary>Whose number (or organization) the call names: at london-bridge acme holds 0, 1 and 5, the operator 2, globex 3; 4 is unallocated.</summary>
    public enum Target
    {
        Acme,
        Operator,
        OtherOccupier,
        Unallocated,
        OtherSite,
    }

    private enum Outcome
    {
        Reached,
        Forbidden,
        NumberNotFound,
        OrganizationNotFound,
        OperationNotFound,
    }

    private ActivationHarness _harness = null!;

    private TestApp _app = null!;

    public static TheoryData<string, Target> EveryRouteForEveryTarget()
    {
        var data = new TheoryData<string, Target>();
        foreach (var route in FunctionRoutes.In(typeof(TelephonyHost).Assembly))
        {
            var targets = route.Route.Contains("{number}") || route.Route.Contains("{organizationId}")
                ? Enum.GetValues<Target>()
                : route.Route.Contains("{siteId}") ? [Target.Acme, Target.OtherSite] : [Target.Acme];
            foreach (var target in targets.Where(t => t != Target.Unallocated || route.Route.Contains("{number}")))
            {
                data.Add(route.FunctionName, target);
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync();
        _app = _harness.App;
        var api = new Api(_app);
        await api.SeedAsync(Site, 6);
        Assert.Equal(201, (await api.PutOccupierAsync(Site, "globex", """{"name":"Globex","voiceServices":1}""")).Status);
        foreach (var (number, to) in new[] { (0, "acme"), (1, "acme"), (5, "acme"), (3, "globex") })
        {
            Assert.Equal(200, (await api.AllocateAsync(Site, Api.Number(number), $$"""{"allocateTo":"occupier","occupierId":"{{to}}"}""")).Status);
        }

        Assert.Equal(200, (await api.AllocateAsync(Site, Api.Number(2), """{"allocateTo":"operator"}""")).Status);
        await api.SeedAsync(OtherSite, 2);
        Assert.Equal(200, (await api.AllocateAsync(OtherSite, Api.Number(0), """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(EveryRouteForEveryTarget))]
    public async Task An_organization_administrator_reaches_only_their_own_numbers(string functionName, Target target)
    {
        var route = FunctionRoutes.Named(functionName)!;
        var expected = Expected(route, target);
        var before = await RowsAsync();

        var answer = await CallAsync(route, target);

        switch (expected)
        {
            case Outcome.Reached:
                Assert.True(answer.Status is not (401 or 403) && answer.ProblemCode is not ("number-not-found" or "occupier-not-found"), answer.ToString());
                if (route.Methods[0] == "GET" && !route.Route.EndsWith("/configuration", StringComparison.Ordinal))
                {
                    Assert.Equal(200, answer.Status);
                }

                if (answer.Status == 202)
                {
                    // An operation started on acme's number: let it finish before the next case compares the stored rows.
                    await _harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(answer));
                }

                break;
            default:
                var (status, code) = expected switch
                {
                    Outcome.Forbidden => (403, "forbidden"),
                    Outcome.NumberNotFound => (404, "number-not-found"),
                    Outcome.OrganizationNotFound => (404, "occupier-not-found"),
                    _ => (404, "operation-not-found"),
                };
                Assert.Equal((status, code), (answer.Status, answer.ProblemCode));
                Assert.Equal(before, await RowsAsync());
                break;
        }
    }

    /// <summary>Rule 13, written independently of <see cref="AccessPolicy"/>.</summary>
    private static Outcome Expected(FunctionRoute route, Target target)
    {
        var template = route.Route;
        string[] ownNumberRoutes = ["", "/history", "/activate", "/deactivate", "/assign", "/unassign", "/configuration", "/pin"];
        string[] narrowedLists = ["sites/{siteId}/phone-numbers", "sites/{siteId}/phone-numbers/facets", "sites/{siteId}/phone-numbers/export", "sites/{siteId}/activity"];
        return template switch
        {
            "sign-in/roles" or "me" or "sites" => Outcome.Reached,
            "operations/{operationId}" => Outcome.OperationNotFound,
            _ when template.StartsWith("platform/", StringComparison.Ordinal) || target == Target.OtherSite => Outcome.Forbidden,
            _ when ownNumberRoutes.Any(suffix => template == "sites/{siteId}/phone-numbers/{number}" + suffix) =>
                target == Target.Acme ? Outcome.Reached : Outcome.NumberNotFound,
            "sites/{siteId}/organizations/{organizationId}" => target == Target.Acme ? Outcome.Reached : Outcome.OrganizationNotFound,
            "sites/{siteId}" => Outcome.Reached,
            _ when narrowedLists.Contains(template) => Outcome.Reached,
            _ => Outcome.Forbidden,
        };
    }

    private async Task<HttpAnswer> CallAsync(FunctionRoute route, Target target)
    {
        var values = new Dictionary<string, string>
        {
            ["siteId"] = target == Target.OtherSite ? OtherSite : Site,
            ["number"] = target switch
            {
                Target.Operator => Api.Number(2),
                Target.OtherOccupier => Api.Number(3),
                Target.Unallocated => Api.Number(4),
                _ => Api.Number(0),
            },
            ["organizationId"] = target switch
            {
                Target.Operator => "operator",
                Target.OtherOccupier => "globex",
                _ => "acme",
            },
            ["occupierId"] = "acme",
            ["operationId"] = Guid.NewGuid().ToString(),
        };
        var path = "/api/" + string.Join('/', route.Route.Split('/').Select(s => s.StartsWith('{') ? values[s.Trim('{', '}')] : s));
        var isCsv = route.Route.EndsWith("/import", StringComparison.Ordinal);
        var body = route.Methods[0] == "GET" ? null
            : isCsv ? "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n+442071239999,9999,,false,,false,\n"
            : Bodies.GetValueOrDefault(route.Route.Split('/')[^1], "{}");
        var request = HttpCall.Request(route.Methods[0], path, body, isCsv ? "text/csv" : "application/json", Principals.As(Principal));

        var method = typeof(TelephonyHost).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == route.FunctionName);
        var instance = ActivatorUtilities.CreateInstance(_app.Services, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(HttpRequest) ? request
            : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : p.ParameterType == typeof(string) ? values[p.Name!]
            : p.ParameterType == typeof(Microsoft.DurableTask.Client.DurableTaskClient) ? _harness.Client
            : (object?)null).ToArray();
        return await _app.Get<SecurityGate>().CallAsync(route.FunctionName, request,
            values.Where(v => route.Route.Contains("{" + v.Key + "}")).ToDictionary(v => v.Key, v => (object?)v.Value),
            () => method.Invoke(instance, arguments) switch
            {
                Task<IActionResult> task => task,
                IActionResult result => Task.FromResult(result),
                var other => throw new InvalidOperationException($"{route.FunctionName} answered {other}."),
            });
    }

    /// <summary>Bodies the commands accept, so a call the gate lets through is judged by the function as an operator's would be.</summary>
    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["allocate"] = """{"allocateTo":"operator"}""",
        ["assign"] = """{"userId":"pat","displayName":"Pat Example"}""",
        ["configuration"] = """{"forwardTo":null,"callerIdName":"Acme","voicemailEnabled":true}""",
        ["pin"] = """{"pin":"4826"}""",
        ["voice-services"] = """{"voiceServices":9}""",
    };

    /// <summary>Every row of the app's table with its ETag: any write changes it.</summary>
    private async Task<string> RowsAsync()
    {
        var rows = new List<string>();
        await foreach (var row in _app.Table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add($"{row.PartitionKey}|{row.RowKey}|{row.ETag}");
        }

        return string.Join("\n", rows);
    }
}
