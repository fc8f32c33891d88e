using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Telephony.Functions.Events;
using Telephony.Functions.Http;
using Telephony.Functions.Idempotency;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Functions.Sites;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>
/// Requests that got through on a real host, sent through <see cref="SecurityMiddleware"/> to the real functions, with
/// the example local settings (the development principal <c>PlatformAdmin</c> on).
/// </summary>
public sealed class HostileRequestsThroughTheMiddlewareTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _api.SeedAsync();
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(4), """{"allocateTo":"operator"}""")).Status); // some history
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Without_a_principal_the_development_principal_is_the_caller()
    {
        var answer = await ListAsync("", headers: new Dictionary<string, string>());

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("bnVsbA==")] // "null"
    [InlineData("eyJjbGFpbXMiOjF9")] // {"claims":1}
    [InlineData("")]
    public async Task A_principal_that_cannot_be_read_is_401_even_where_a_development_principal_is_set(string principal)
    {
        var list = await ListAsync("", Principals.As(principal));
        var number = Api.Number(1);
        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/allocate", """{"allocateTo":"operator"}""",
            headers: Principals.As(principal));
        var allocate = await InvokeAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => _app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, number, default));

        Assert.Equal((401, "unauthenticated"), (list.Status, list.ProblemCode));
        Assert.Equal((401, "unauthenticated"), (allocate.Status, allocate.ProblemCode));
        Assert.Equal("AVAILABLE", (await _api.GetAsync(Api.Site, number)).Json["status"]!.GetValue<string>());
    }

    public static TheoryData<string> NotWholeNumbers => new() { "10%00", "10%00%00", "%0010", "10%20", "%2010", "%2B10", "-0", "1e1", "10.0", "1_0", "%D9%A3", "0x10" };

    [Theory]
    [MemberData(nameof(NotWholeNumbers))]
    public async Task A_page_size_that_is_not_digits_alone_is_refused_on_every_paged_route(string pageSize)
    {
        var query = "?pageSize=" + pageSize;
        var number = Api.Number(4);
        var activity = HttpCall.Request("GET", $"/api/sites/{Api.Site}/activity{query}");
        var history = HttpCall.Request("GET", $"/api/sites/{Api.Site}/phone-numbers/{number}/history{query}");
        var sites = HttpCall.Request("GET", $"/api/sites{query}");

        var answers = new Dictionary<string, HttpAnswer>
        {
            ["list"] = await ListAsync(query),
            ["activity"] = await InvokeAsync(nameof(EventFunctions.GetSiteActivity), activity, Gate.Values(("siteId", Api.Site)),
                () => _app.Function<EventFunctions>().GetSiteActivity(activity, Api.Site, default)),
            ["history"] = await InvokeAsync(nameof(EventFunctions.GetPhoneNumberHistory), history, Gate.Values(("siteId", Api.Site), ("number", number)),
                () => _app.Function<EventFunctions>().GetPhoneNumberHistory(history, Api.Site, number, default)),
            ["sites"] = await InvokeAsync(nameof(SiteFunctions.ListSites), sites, Gate.Values(), () => _app.Function<SiteFunctions>().ListSites(sites, default)),
        };

        foreach (var (route, answer) in answers)
        {
            Assert.True((answer.Status, answer.ProblemCode) == (400, "invalid-request"), $"{route} with pageSize={pageSize}: {answer}");
        }
    }

    [Fact]
    public async Task The_same_page_size_as_digits_is_read()
    {
        var answer = await ListAsync("?pageSize=010");

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData("h1%00")]
    [InlineData("h%2B1")]
    public async Task A_history_token_that_is_not_one_this_api_issued_is_refused(string token)
    {
        var number = Api.Number(4);
        var request = HttpCall.Request("GET", $"/api/sites/{Api.Site}/phone-numbers/{number}/history?continuationToken={token}");

        var answer = await InvokeAsync(nameof(EventFunctions.GetPhoneNumberHistory), request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => _app.Function<EventFunctions>().GetPhoneNumberHistory(request, Api.Site, number, default));

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
    }

    [Fact]
    public async Task A_number_filtered_activity_token_that_is_not_one_this_api_issued_is_refused()
    {
        var token = OpaqueToken.Encode("1\0");
        var request = HttpCall.Request("GET", $"/api/sites/{Api.Site}/activity?number={Uri.EscapeDataString(Api.Number(4))}&continuationToken={token}");

        var answer = await InvokeAsync(nameof(EventFunctions.GetSiteActivity), request, Gate.Values(("siteId", Api.Site)),
            () => _app.Function<EventFunctions>().GetSiteActivity(request, Api.Site, default));

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
    }

    /// <summary>
    /// On a real host such a header never reaches the worker (docs/security.md, "Hostile and malformed input"); should
    /// one reach the app, the key is refused before anything runs.
    /// </summary>
    [Theory]
    [InlineData("ключ")]
    [InlineData("café")]
    [InlineData("key\u0000")]
    [InlineData("key\u007f")]
    public async Task An_idempotency_key_that_is_not_printable_ascii_is_400_and_changes_nothing(string key)
    {
        var number = Api.Number(2);
        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/allocate", """{"allocateTo":"operator"}""",
            headers: new Dictionary<string, string> { [IdempotentCommands.Header] = key });

        var answer = await InvokeAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => _app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, number, default));

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
        Assert.Contains(IdempotentCommands.Header, answer.Json["detail"]!.GetValue<string>());
        Assert.Equal("AVAILABLE", (await _api.GetAsync(Api.Site, number)).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_header_with_text_beyond_ascii_is_ignored()
    {
        var answer = await ListAsync("", new Dictionary<string, string> { ["X-Note"] = "café" });

        Assert.Equal(200, answer.Status);
    }

    private async Task<HttpAnswer> ListAsync(string query, IDictionary<string, string>? headers = null)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{Api.Site}/phone-numbers{query}", headers: headers);
        return await InvokeAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Api.Site)),
            () => _app.Function<PhoneNumberFunctions>().ListPhoneNumbers(request, Api.Site, default));
    }

    /// <summary>As the worker would: the function's return value is the invocation result unless the middleware replaces it.</summary>
    private async Task<HttpAnswer> InvokeAsync(
        string functionName, HttpRequest request, IReadOnlyDictionary<string, object?> bindingData, Func<Task<IActionResult>> function)
    {
        object? result = null;
        await _app.Get<SecurityMiddleware>().InvokeAsync(request.HttpContext, functionName, bindingData,
            async () => result = await function(), r => result = r);
        return await ((IActionResult)result!).ExecuteAsync(request);
    }
}
