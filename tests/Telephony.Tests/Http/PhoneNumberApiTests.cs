using System.Text.Json.Nodes;
using Telephony.Domain.Organizations;
using Telephony.Tests.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Http;

public sealed class PhoneNumberApiTests : SeededSiteTests
{
    [Fact]
    public async Task Get_returns_the_number_in_the_shape_the_web_ui_relies_on_with_an_etag()
    {
        var answer = await Http.GetAsync(Api.Site, "442071234500");

        Assert.Equal(200, answer.Status);
        Assert.Equal("\"1\"", answer.Headers.ETag.ToString());
        var expected = JsonNode.Parse("""
            {"number":"+442071234500","extension":"4500","status":"AVAILABLE","allocatedTo":null,"assignedTo":null,
             "coolingOffUntil":null,"isMainNumber":false,"rangeName":"London 0207 123 45xx","locked":false,"lockReason":null,
             "updateInProgress":false,"pendingOperation":null,"lastFailure":null,"allowedActions":["allocate"]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, answer.Json), answer.Body);
    }

    [Fact]
    public async Task Allocating_to_an_occupier_reserves_the_number_and_shows_the_occupier_by_name()
    {
        var answer = await Http.AllocateAsync(Api.Site, "+442071234501", """{"allocateTo":"occupier","occupierId":"acme"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal("RESERVED", answer.Json["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"occupier","occupierId":"acme","name":"Acme Ltd"}"""), answer.Json["allocatedTo"]));
        Assert.Equal("[\"deallocate\",\"activate\"]", answer.Json["allowedActions"]!.ToJsonString());
        Assert.Equal("\"2\"", answer.Headers.ETag.ToString());

        var read = await Http.GetAsync(Api.Site, "442071234501");
        Assert.Equal("RESERVED", read.Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Allocating_to_the_operator_shows_operator_allocation()
    {
        var answer = await Http.AllocateAsync(Api.Site, "442071234501", """{"allocateTo":"operator"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"type":"operator"}""", answer.Json["allocatedTo"]!.ToJsonString());
    }

    [Fact]
    public async Task A_number_reserved_for_the_operator_offers_activate_only_once_the_operator_has_a_free_voice_service()
    {
        var allocated = await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""");

        Assert.Equal("[\"deallocate\"]", allocated.Json["allowedActions"]!.ToJsonString());
        Assert.Equal("[\"deallocate\"]", (await Http.GetAsync(Api.Site, Api.Number(1))).Json["allowedActions"]!.ToJsonString());
        Assert.Equal("[\"deallocate\"]", (await Http.ListAsync(Api.Site, "?allocation=operator")).Json["items"]![0]!["allowedActions"]!.ToJsonString());

        var operatorRow = Organization.Operator(Api.Site);
        operatorRow.SetVoiceServices(1);
        Assert.True(await App.Get<IOrganizationStore>().TrySaveAsync(operatorRow, default));

        Assert.Equal("[\"deallocate\",\"activate\"]", (await Http.GetAsync(Api.Site, Api.Number(1))).Json["allowedActions"]!.ToJsonString());
        Assert.Equal("[\"deallocate\",\"activate\"]", (await Http.ListAsync(Api.Site, "?allocation=operator")).Json["items"]![0]!["allowedActions"]!.ToJsonString());
    }

    [Fact]
    public async Task A_number_reserved_for_an_occupier_whose_voice_services_are_all_in_use_does_not_offer_activate()
    {
        Assert.Equal(201, (await Http.PutOccupierAsync(Api.Site, "globex", """{"name":"Globex","voiceServices":0}""")).Status);

        var allocated = await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"globex"}""");
        var listed = await Http.ListAsync(Api.Site, "?occupierId=globex");

        Assert.Equal("[\"deallocate\"]", allocated.Json["allowedActions"]!.ToJsonString());
        Assert.Equal("[\"deallocate\"]", listed.Json["items"]![0]!["allowedActions"]!.ToJsonString());
    }

    [Fact]
    public async Task Deallocating_a_reserved_number_returns_it_to_the_pool()
    {
        await Http.AllocateAsync(Api.Site, "442071234501", """{"allocateTo":"operator"}""");

        var answer = await Http.DeallocateAsync(Api.Site, "442071234501");

        Assert.Equal(200, answer.Status);
        Assert.Equal("AVAILABLE", answer.Json["status"]!.GetValue<string>());
        Assert.Null(answer.Json["allocatedTo"]);
    }

    [Theory]
    [InlineData("""{"allocateTo":"occupier","occupierId":"nobody"}""", 404, "occupier-not-found")]
    [InlineData("""{"allocateTo":"tenant"}""", 400, "invalid-request")]
    [InlineData("""{"allocateTo":"occupier"}""", 400, "invalid-request")]
    [InlineData("""{"allocateTo":"operator","extra":1}""", 400, "invalid-request")]
    [InlineData("""{"allocateTo":""", 400, "invalid-request")]
    [InlineData("""[]""", 400, "invalid-request")]
    [InlineData("", 400, "invalid-request")]
    [InlineData("""{"allocateTo":"occupier","occupierId":"a' or '1'='1"}""", 400, "invalid-request")]
    public async Task A_bad_allocate_request_gets_a_problem_and_changes_nothing(string body, int status, string code)
    {
        var answer = await Http.AllocateAsync(Api.Site, "442071234502", body);

        Assert.Equal((status, code), (answer.Status, answer.ProblemCode));
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(status, answer.Json["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(answer.Json["detail"]!.GetValue<string>()));
        Assert.Equal("AVAILABLE", (await Http.GetAsync(Api.Site, "442071234502")).Json["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-a-number", 400, "invalid-number")]
    [InlineData("+44'; drop", 400, "invalid-number")]
    [InlineData("+442079999999", 404, "number-not-found")]
    public async Task An_unknown_or_malformed_number_gets_a_problem(string number, int status, string code)
    {
        var answer = await Http.GetAsync(Api.Site, number);

        Assert.Equal((status, code), (answer.Status, answer.ProblemCode));
    }

    [Theory]
    [InlineData("elsewhere", 404, "site-not-found")]
    [InlineData("bad site'", 400, "invalid-request")]
    public async Task An_unknown_or_malformed_site_gets_a_problem_on_every_route(string site, int status, string code)
    {
        Assert.Equal((status, code), ((await Http.ListAsync(site)).Status, (await Http.ListAsync(site)).ProblemCode));
        Assert.Equal(code, (await Http.FacetsAsync(site)).ProblemCode);
        Assert.Equal(code, (await Http.ExportAsync(site)).ProblemCode);
        Assert.Equal(code, (await Http.GetAsync(site, "442071234500")).ProblemCode);
        Assert.Equal(code, (await Http.AllocateAsync(site, "442071234500", """{"allocateTo":"operator"}""")).ProblemCode);
        Assert.Equal(code, (await Http.DeallocateAsync(site, "442071234500")).ProblemCode);
        Assert.Equal(code, (await Http.PutOccupierAsync(site, "acme", """{"name":"Acme"}""")).ProblemCode);
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412_and_a_current_one_is_honoured()
    {
        var read = await Http.GetAsync(Api.Site, "442071234503");
        var etag = read.Headers.ETag.ToString();
        await Http.AllocateAsync(Api.Site, "442071234503", """{"allocateTo":"operator"}""");

        var stale = await Http.DeallocateAsync(Api.Site, "442071234503", new Dictionary<string, string> { ["If-Match"] = etag });
        Assert.Equal((412, "precondition-failed"), (stale.Status, stale.ProblemCode));

        var current = (await Http.GetAsync(Api.Site, "442071234503")).Headers.ETag.ToString();
        var fresh = await Http.DeallocateAsync(Api.Site, "442071234503", new Dictionary<string, string> { ["If-Match"] = current });
        Assert.Equal(200, fresh.Status);
    }

    [Fact]
    public async Task A_state_conflict_is_a_409_with_the_rule_code()
    {
        await Http.AllocateAsync(Api.Site, "442071234504", """{"allocateTo":"operator"}""");

        var again = await Http.AllocateAsync(Api.Site, "442071234504", """{"allocateTo":"occupier","occupierId":"acme"}""");
        var deallocateAvailable = await Http.DeallocateAsync(Api.Site, "442071234503");

        Assert.Equal((409, "not-available"), (again.Status, again.ProblemCode));
        Assert.Equal((409, "not-reserved"), (deallocateAvailable.Status, deallocateAvailable.ProblemCode));
    }

    [Fact]
    public async Task Twenty_parallel_allocations_of_one_number_have_exactly_one_winner_and_one_event()
    {
        var occupiers = Enumerable.Range(0, 20).Select(i => $"occ{i}").ToList();
        foreach (var occupier in occupiers)
        {
            await Http.PutOccupierAsync(Api.Site, occupier, $$"""{"name":"Occupier {{occupier}}"}""");
        }

        var answers = await Task.WhenAll(occupiers.Select(o =>
            Http.AllocateAsync(Api.Site, "442071234500", $$"""{"allocateTo":"occupier","occupierId":"{{o}}"}""")));

        var winner = Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a != winner), a => Assert.Contains(a.Status, new[] { 409, 412 }));
        var stored = await Http.GetAsync(Api.Site, "442071234500");
        Assert.Equal(winner.Json["allocatedTo"]!.ToJsonString(), stored.Json["allocatedTo"]!.ToJsonString());
        // The events (no broker here: their notes, out|), not their activity copies.
        Assert.Single(App.Events("+442071234500"), e => e.GetString("Change") == "allocated");
    }
}
