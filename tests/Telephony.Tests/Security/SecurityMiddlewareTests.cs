using Microsoft.AspNetCore.Mvc;
using Telephony.Functions.Idempotency;
using Telephony.Functions.CoolingOff;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>The worker middleware itself, with real requests and the real function classes behind it.</summary>
public sealed class SecurityMiddlewareTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        // Without the development principal of the example local settings, as in a deployed app.
        _app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Security:DevelopmentPrincipal"] = "" });
        await new Api(_app).SeedAsync();
    }

    [Fact]
    public async Task With_the_example_local_settings_a_request_without_a_principal_acts_as_a_platform_administrator()
    {
        await using var local = await TestApp.StartAsync();
        var request = HttpCall.Request("PUT", "/api/platform/sites/london-bridge/settings", """{"coolingOffDays":30}""");

        object? result = null;
        await local.Get<SecurityMiddleware>().InvokeAsync(request.HttpContext, "PutSiteSettings", Gate.Values(("siteId", "london-bridge")),
            async () => result = await local.Function<Telephony.Functions.Administration.AdministrationFunctions>().PutSiteSettings(request, "london-bridge", default),
            r => result = r);

        Assert.Equal(201, (await ((IActionResult)result!).ExecuteAsync(request)).Status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(null, 401)]
    [InlineData("operator-elsewhere", 403)]
    [InlineData("operator-here", 200)]
    [InlineData("admin", 200)]
    public async Task A_site_route_answers_by_caller(string? who, int expected)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{Api.Site}/phone-numbers", headers: Principals.As(PrincipalOf(who)));

        var answer = await InvokeAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Api.Site)),
            () => _app.Function<PhoneNumberFunctions>().ListPhoneNumbers(request, Api.Site, default));

        Assert.Equal(expected, answer.Status);
    }

    [Theory]
    [InlineData("operator-here", 403)]
    [InlineData("admin", 200)]
    public async Task An_admin_route_is_for_platform_administrators(string who, int expected)
    {
        var number = Api.Number(1);
        var request = HttpCall.Request("PUT", $"/api/platform/sites/{Api.Site}/phone-numbers/{number}/cooling-off",
            $$"""{"coolingOffUntil":"{{TestApp.Start.AddDays(5):O}}"}""", headers: Principals.As(PrincipalOf(who)));

        var answer = await InvokeAsync(nameof(CoolingOffFunctions.SetCoolingOff), request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => _app.Function<CoolingOffFunctions>().SetCoolingOff(request, Api.Site, number, default));

        Assert.Equal(expected, answer.Status);
    }

    [Fact]
    public async Task A_command_repeated_with_its_key_is_answered_from_the_first()
    {
        var answers = new List<HttpAnswer>();
        for (var i = 0; i < 2; i++)
        {
            var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{Api.Number(2)}/allocate", """{"allocateTo":"operator"}""",
                headers: Principals.As(PrincipalOf("operator-here"), new Dictionary<string, string> { [IdempotentCommands.Header] = "k" }));
            answers.Add(await InvokeAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request, Gate.Values(("siteId", Api.Site), ("number", Api.Number(2))),
                () => _app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, Api.Number(2), default)));
        }

        Assert.Equal(200, answers[1].Status);
        Assert.Equal(answers[0].Body, answers[1].Body);
    }

    [Fact]
    public async Task A_function_without_an_http_trigger_runs_untouched()
    {
        var ran = false;
        object? set = "unset";

        await _app.Get<SecurityMiddleware>().InvokeAsync(null, nameof(CoolingOffFunctions.ReleaseCoolingOff), Gate.Values(),
            () => { ran = true; return Task.FromResult<object?>(null); }, result => set = result);

        Assert.True(ran);
        Assert.Equal("unset", set);
    }

    /// <summary>As the worker would: the function's return value is the invocation result unless the middleware replaces it.</summary>
    private async Task<HttpAnswer> InvokeAsync(
        string functionName, Microsoft.AspNetCore.Http.HttpRequest request, IReadOnlyDictionary<string, object?> bindingData, Func<Task<IActionResult>> function)
    {
        object? invocationResult = null;
        await _app.Get<SecurityMiddleware>().InvokeAsync(request.HttpContext, functionName, bindingData,
            async () => invocationResult = await function(), result => invocationResult = result);
        return await ((IActionResult)invocationResult!).ExecuteAsync(request);
    }

    private static string? PrincipalOf(string? who) => who switch
    {
        null => null,
        "operator-elsewhere" => Principals.OperatorOf("canary-wharf"),
        "operator-here" => Principals.OperatorOf(Api.Site),
        _ => Principals.PlatformAdmin(),
    };
}
