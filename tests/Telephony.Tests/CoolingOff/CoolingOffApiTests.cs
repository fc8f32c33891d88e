using Telephony.Domain.Events;
using Telephony.Functions.CoolingOff;
using Telephony.Tests.Support;

namespace Telephony.Tests.CoolingOff;

public sealed class CoolingOffApiTests : SeededSiteTests
{
    private async Task<HttpAnswer> PutAsync(string number, string? json, IDictionary<string, string>? headers = null)
    {
        var request = HttpCall.Request("PUT", $"/api/platform/sites/{Api.Site}/phone-numbers/{number}/cooling-off", json, headers: headers);
        return await (await App.Function<CoolingOffFunctions>().SetCoolingOff(request, Api.Site, number, default)).ExecuteAsync(request);
    }

    private async Task<HttpAnswer> DeleteAsync(string number, string siteId = Api.Site)
    {
        var request = HttpCall.Request("DELETE", $"/api/platform/sites/{siteId}/phone-numbers/{number}/cooling-off");
        return await (await App.Function<CoolingOffFunctions>().LiftCoolingOff(request, siteId, number, default)).ExecuteAsync(request);
    }

    [Fact]
    public async Task Setting_a_date_on_an_available_number_puts_it_in_cooldown_until_then()
    {
        var answer = await PutAsync("442071234500", """{"coolingOffUntil":"2027-01-31T12:00:00Z"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal("COOLDOWN", answer.Json["status"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 12, 0, 0, TimeSpan.Zero), answer.Json["coolingOffUntil"]!.GetValue<DateTimeOffset>());
        Assert.Equal("[]", answer.Json["allowedActions"]!.ToJsonString());
        Assert.Equal("\"2\"", answer.Headers.ETag.ToString());
        Assert.Equal(1, await App.EventCountAsync(Api.Site, Api.Number(0), PhoneNumberEventTypes.CoolingOffStarted));
        Assert.Equal(["20270131120000|london-bridge|+442071234500"], await App.IndexRowKeysAsync());
    }

    [Fact]
    public async Task Changing_the_date_of_a_cooling_off_number_moves_its_index_entry()
    {
        await PutAsync(Api.Number(0), """{"coolingOffUntil":"2027-01-31T12:00:00Z"}""");

        var answer = await PutAsync(Api.Number(0), """{"coolingOffUntil":"2026-12-01T00:00:00.250Z"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal(["20261201000001|london-bridge|+442071234500"], await App.IndexRowKeysAsync());
    }

    [Fact]
    public async Task Lifting_cooling_off_returns_the_number_to_the_pool_at_once()
    {
        await PutAsync(Api.Number(0), """{"coolingOffUntil":"2027-01-31T12:00:00Z"}""");

        var answer = await DeleteAsync("+44 20 7123 4500");

        Assert.Equal(200, answer.Status);
        Assert.Equal("AVAILABLE", answer.Json["status"]!.GetValue<string>());
        Assert.Null(answer.Json["coolingOffUntil"]);
        Assert.Equal("[\"allocate\"]", answer.Json["allowedActions"]!.ToJsonString());
        Assert.Equal(1, await App.EventCountAsync(Api.Site, Api.Number(0), PhoneNumberEventTypes.CoolingOffLifted));
        Assert.Empty(await App.IndexRowKeysAsync());
    }

    [Theory]
    [InlineData("""{"coolingOffUntil":"2026-11-25T08:59:59Z"}""", "cooling-off-date-in-past")]
    [InlineData("""{"coolingOffUntil":"2026-11-25T09:00:00Z"}""", "cooling-off-date-in-past")]
    [InlineData("""{"coolingOffUntil":"next tuesday"}""", "invalid-request")]
    [InlineData("""{"coolingOffUntil":null}""", "invalid-request")]
    [InlineData("""{"coolingOffUntil":20270131}""", "invalid-request")]
    [InlineData("""{"until":"2027-01-31T12:00:00Z"}""", "invalid-request")]
    [InlineData("", "invalid-request")]
    public async Task A_date_not_in_the_future_or_a_malformed_body_is_a_400(string body, string code)
    {
        var answer = await PutAsync(Api.Number(0), body);

        Assert.Equal(400, answer.Status);
        Assert.Equal(code, answer.ProblemCode);
        Assert.Equal("AVAILABLE", (await Http.GetAsync(Api.Site, Api.Number(0))).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Setting_a_date_on_a_reserved_number_is_a_409_number_in_use()
    {
        await Http.AllocateAsync(Api.Site, Api.Number(0), """{"allocateTo":"operator"}""");

        var answer = await PutAsync(Api.Number(0), """{"coolingOffUntil":"2027-01-31T12:00:00Z"}""");

        Assert.Equal(409, answer.Status);
        Assert.Equal("number-in-use", answer.ProblemCode);
        Assert.Empty(await App.IndexRowKeysAsync());
    }

    [Fact]
    public async Task Setting_a_date_on_a_pending_number_is_a_409_update_in_progress()
    {
        await Http.AllocateAsync(Api.Site, Api.Number(0), """{"allocateTo":"operator"}""");
        var number = await App.NumberAsync(Api.Site, Api.Number(0));
        Assert.True(number.StartActivation("op-1", App.Clock.GetUtcNow()).IsSuccess);
        Assert.True(await App.Get<Telephony.Domain.PhoneNumbers.IPhoneNumberStore>().TrySaveAsync(number, null, default));

        var answer = await PutAsync(Api.Number(0), """{"coolingOffUntil":"2027-01-31T12:00:00Z"}""");

        Assert.Equal(409, answer.Status);
        Assert.Equal("update-in-progress", answer.ProblemCode);
    }

    [Fact]
    public async Task Setting_a_date_on_a_locked_number_is_a_409_number_locked()
    {
        await Http.ImportAsync(Api.Site, "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n+442071239900,9900,,false,,true,voicemail");

        var answer = await PutAsync("+442071239900", """{"coolingOffUntil":"2027-01-31T12:00:00Z"}""");

        Assert.Equal(409, answer.Status);
        Assert.Equal("number-locked", answer.ProblemCode);
    }

    [Fact]
    public async Task Lifting_a_number_that_is_not_cooling_off_is_a_409_not_cooling_off()
    {
        var answer = await DeleteAsync(Api.Number(0));

        Assert.Equal(409, answer.Status);
        Assert.Equal("not-cooling-off", answer.ProblemCode);
    }

    [Theory]
    [InlineData("nowhere", "442071234500", 404, "site-not-found")]
    [InlineData(Api.Site, "442071239999", 404, "number-not-found")]
    [InlineData(Api.Site, "not-a-number", 400, "invalid-number")]
    public async Task An_unknown_site_or_number_gets_a_problem(string siteId, string number, int status, string code)
    {
        var answer = await DeleteAsync(number, siteId);

        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.ProblemCode);
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412()
    {
        var answer = await PutAsync(Api.Number(0), """{"coolingOffUntil":"2027-01-31T12:00:00Z"}""", new Dictionary<string, string> { ["If-Match"] = "\"7\"" });

        Assert.Equal(412, answer.Status);
        Assert.Equal("precondition-failed", answer.ProblemCode);
    }
}
