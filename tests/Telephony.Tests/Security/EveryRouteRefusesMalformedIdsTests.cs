using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Functions;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>
/// Every HTTP function with a <c>{siteId}</c>, found by reflection (so routes added later are included), called with
/// a malformed site id: a 400, never data, never a crash from a key Table Storage cannot take.
/// </summary>
public sealed class EveryRouteRefusesMalformedIdsTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public static TheoryData<string, string> SiteRoutesAndHostileIds()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in SiteRouteMethods())
        {
            foreach (var siteId in new[] { "london-bridge' or PartitionKey ne '", "a/b", "%27", "" + "\u0000", "x#y" })
            {
                data.Add($"{method.DeclaringType!.Name}.{method.Name}", siteId);
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await new Api(_app).SeedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(SiteRoutesAndHostileIds))]
    public async Task A_malformed_site_id_is_refused(string function, string siteId)
    {
        var method = SiteRouteMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == function);
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().Single();
        var values = new Dictionary<string, string> { ["siteId"] = siteId, ["number"] = Api.Number(1), ["occupierId"] = "acme", ["organizationId"] = "acme" };
        var path = "/api/" + string.Join('/', trigger.Route!.Split('/').Select(s => s.StartsWith('{') ? "x" : s));
        var isCsv = trigger.Route.EndsWith("/import", StringComparison.Ordinal);
        var request = HttpCall.Request(trigger.Methods![0].ToUpperInvariant(), path,
            trigger.Methods[0] == "get" ? null : isCsv ? "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n" : "{}",
            isCsv ? "text/csv" : "application/json");

        var instance = ActivatorUtilities.CreateInstance(_app.Services, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(HttpRequest) ? request
            : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : p.ParameterType == typeof(string) ? values.GetValueOrDefault(p.Name!, "x")
            : (object?)null).ToArray();
        var result = await (Task<IActionResult>)method.Invoke(instance, arguments)!;
        var answer = await result.ExecuteAsync(request);

        Assert.True(answer.Status == 400, $"{function} with site '{siteId}': {answer}");
    }

    private static IEnumerable<MethodInfo> SiteRouteMethods() =>
        typeof(TelephonyHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null && m.GetParameters()
                .Any(p => p.GetCustomAttribute<HttpTriggerAttribute>()?.Route?.Contains("{siteId}", StringComparison.Ordinal) == true));
}
