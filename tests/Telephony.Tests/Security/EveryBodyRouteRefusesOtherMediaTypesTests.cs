using System.Reflection;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Functions;
using Telephony.Functions.Http;
using Telephony.Functions.Security;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>
/// Rule 14: a body is read only as <c>application/json</c> (the import: <c>text/csv</c>). Every route that is not a
/// GET, found by reflection, is sent a body it would accept under other media types, through
/// <see cref="SecurityMiddleware"/> and the real function: each is <c>415</c>, and storage is exactly as before.
/// </summary>
public sealed class EveryBodyRouteRefusesOtherMediaTypesTests : IAsyncLifetime
{
    private const string Csv = "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n+442071239990,9990,New,false,,false,";

    /// <summary>A body each route accepts as its media type, and the number it names (each its own).</summary>
    private static readonly Dictionary<string, (int Number, string Body)> Bodies = new()
    {
        ["AllocatePhoneNumber"] = (0, """{"allocateTo":"operator"}"""),
        ["DeallocatePhoneNumber"] = (1, "{}"),
        ["ActivatePhoneNumber"] = (2, "{}"),
        ["DeactivatePhoneNumber"] = (3, "{}"),
        ["AssignPhoneNumber"] = (4, """{"userId":"ann","displayName":"Ann Example"}"""),
        ["UnassignPhoneNumber"] = (5, "{}"),
        ["PutNumberConfiguration"] = (6, """{"forwardTo":"+442079460000","callerIdName":"Acme","voicemailEnabled":true}"""),
        ["PutVoicemailPin"] = (7, """{"pin":"739184"}"""),
        ["BulkPhoneNumberOperations"] = (8, $$"""{"operations":[{"action":"allocate","number":"{{Api.Number(8)}}","allocateTo":"operator"}]}"""),
        ["ImportPhoneNumbers"] = (0, Csv),
        ["PutOccupier"] = (0, """{"name":"Acme Group","voiceServices":3}"""),
        ["PutSiteSettings"] = (0, """{"coolingOffDays":30}"""),
        ["PutVoiceServices"] = (0, """{"voiceServices":3}"""),
        ["SetCoolingOff"] = (9, """{"coolingOffUntil":"2026-12-25T09:00:00Z"}"""),
        ["LiftCoolingOff"] = (10, "{}"),
        ["NominateMainNumber"] = (11, "{}"),
        ["WithdrawMainNumber"] = (12, "{}"),
        ["LockPhoneNumber"] = (13, """{"reason":"Held for a move"}"""),
        ["UnlockPhoneNumber"] = (14, "{}"),
        ["RemovePhoneNumber"] = (15, "{}"),
        ["AssignSignInRoles"] = (0, """{"identityProvider":"aad","userId":"u1","userDetails":"ann@example.com","claims":[]}"""),
    };

    /// <summary>What browsers send across sites without asking (the first three), and other types that are not the route's.</summary>
    private static readonly string?[] OtherMediaTypes =
    [
        "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/xml", "application/json; charset=utf-16", "application/merge-patch+json", "application/json, text/plain", "",
        null, // a body without a Content-Type
    ];

    private ActivationHarness _harness = null!;

    private static IReadOnlyList<FunctionRoute> BodyRoutes =>
        FunctionRoutes.In(typeof(TelephonyHost).Assembly).Where(r => r.Methods.Any(m => m != "GET")).ToList();

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync();
        await _harness.Api.SeedAsync(count: 16);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Every_route_but_a_get_has_a_body_here()
    {
        Assert.Equal(BodyRoutes.Select(r => r.FunctionName).Order(), Bodies.Keys.Order());
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_refused_on_every_route_and_changes_nothing()
    {
        var before = await StoredAsync();
        var failures = new List<string>();
        foreach (var route in BodyRoutes.Where(r => Bodies.ContainsKey(r.FunctionName)))
        {
            foreach (var mediaType in OtherMediaTypes.Append(IsImport(route) ? "application/json" : "text/csv"))
            {
                var answer = await CallAsync(route, mediaType);
                if ((answer.Status, answer.ProblemCode) != (415, "unsupported-media-type"))
                {
                    failures.Add($"{route.FunctionName} as {mediaType ?? "(no Content-Type)"}: {answer}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task The_same_body_as_the_routes_media_type_is_read()
    {
        var before = await StoredAsync();
        var failures = new List<string>();
        foreach (var route in BodyRoutes.Where(r => Bodies.ContainsKey(r.FunctionName)))
        {
            var answer = await CallAsync(route, IsImport(route) ? "text/csv; charset=utf-8" : "application/json; charset=UTF-8");
            // The body is read: a rule of the number's state may still refuse the command (409), never its body.
            if (answer.Status is 400 or 413 or 415 or >= 500)
            {
                failures.Add($"{route.FunctionName}: {answer}");
            }
        }

        Assert.Empty(failures);
        Assert.NotEqual(before, await StoredAsync()); // what the refusals are compared with sees a change
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON")]
    [InlineData("application/json;charset=\"utf-8\"")]
    public async Task A_json_media_type_is_read_whatever_its_case_and_with_a_utf8_charset(string mediaType)
    {
        var route = FunctionRoutes.Named("AllocatePhoneNumber")!;

        var answer = await CallAsync(route, mediaType);

        Assert.Equal(200, answer.Status);
        Assert.Equal("RESERVED", (await _harness.Api.GetAsync(Api.Site, Api.Number(0))).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_command_without_a_body_needs_no_content_type()
    {
        await _harness.Api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""");

        var answer = await CallAsync(FunctionRoutes.Named("DeallocatePhoneNumber")!, mediaType: null, body: null);

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task A_declared_type_that_is_not_json_is_refused_even_without_a_body()
    {
        // An HTML form posted from another site always names its type, with or without fields.
        await _harness.Api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""");

        var answer = await CallAsync(FunctionRoutes.Named("DeallocatePhoneNumber")!, "application/x-www-form-urlencoded", body: "");

        Assert.Equal((415, "unsupported-media-type"), (answer.Status, answer.ProblemCode));
        Assert.Equal("RESERVED", (await _harness.Api.GetAsync(Api.Site, Api.Number(1))).Json["status"]!.GetValue<string>());
    }

    private static bool IsImport(FunctionRoute route) => route.FunctionName == "ImportPhoneNumbers";

    /// <summary>The route's function through the worker middleware, as a platform administrator, with its body as <paramref name="mediaType"/>.</summary>
    private Task<HttpAnswer> CallAsync(FunctionRoute route, string? mediaType) => CallAsync(route, mediaType, Bodies[route.FunctionName].Body);

    private async Task<HttpAnswer> CallAsync(FunctionRoute route, string? mediaType, string? body)
    {
        var number = Bodies[route.FunctionName].Number;
        var values = new Dictionary<string, string>
        {
            ["siteId"] = Api.Site, ["number"] = Api.Number(number), ["occupierId"] = "acme", ["organizationId"] = "acme",
        };
        var path = "/api/" + string.Join('/', route.Route.Split('/').Select(s => s.StartsWith('{') ? values[s.Trim('{', '}')] : s));
        var request = HttpCall.Request(route.Methods[0], path, body, headers: Principals.As(Principals.PlatformAdmin()));
        request.Headers.ContentType = mediaType is null ? default : new Microsoft.Extensions.Primitives.StringValues(mediaType);

        var method = FunctionMethod(route.FunctionName);
        var instance = ActivatorUtilities.CreateInstance(_harness.App.Services, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(HttpRequest) ? request
            : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : p.ParameterType == typeof(DurableTaskClient) ? _harness.Client
            : (object?)values[p.Name!]).ToArray();

        object? result = null;
        await _harness.App.Get<SecurityMiddleware>().InvokeAsync(request.HttpContext, route.FunctionName,
            values.ToDictionary(v => v.Key, v => (object?)v.Value),
            async () => result = await (Task<IActionResult>)method.Invoke(instance, arguments)!, r => result = r);
        return await ((IActionResult)result!).ExecuteAsync(request);
    }

    private static MethodInfo FunctionMethod(string functionName) =>
        typeof(TelephonyHost).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == functionName);

    /// <summary>Every row of the app's table with its ETag: any write shows as a difference.</summary>
    private async Task<List<string>> StoredAsync()
    {
        var rows = new List<string>();
        await foreach (var row in _harness.App.Table.QueryAsync<TableEntity>())
        {
            rows.Add($"{row.PartitionKey}|{row.RowKey}|{row.ETag}");
        }

        return rows.Order().ToList();
    }
}
