using System.Text.Json.Nodes;
using Telephony.Tests.Support;

namespace Telephony.Tests.Http;

/// <summary>The Site Telephony page's list, filters, search, facets and CSV download.</summary>
public sealed class ListingApiTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        // 0..9 available; 9 locked; 8 cooling off; then 1,2 to acme, 3 to the operator.
        await _api.SeedAsync(count: 8, extraRows: """
            +442071234508,4508,=HYPERLINK("http://evil"),false,2027-01-01T00:00:00Z,false,
            +442071234509,4509,Reception,true,,true,Remote-access voicemail number
            """);
        await _api.PutOccupierAsync(Api.Site, "globex", """{"name":"@Globex, \"Intl\""}""");
        await _api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");
        await _api.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"occupier","occupierId":"acme"}""");
        await _api.AllocateAsync(Api.Site, Api.Number(3), """{"allocateTo":"operator"}""");
        await _api.AllocateAsync(Api.Site, Api.Number(4), """{"allocateTo":"occupier","occupierId":"globex"}""");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static List<string> Numbers(HttpAnswer answer) =>
        answer.Json["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task The_unfiltered_list_shows_every_number_in_number_order()
    {
        var answer = await _api.ListAsync(Api.Site);

        Assert.Equal(200, answer.Status);
        Assert.Equal(Enumerable.Range(0, 10).Select(Api.Number), Numbers(answer));
        Assert.Null(answer.Json["continuationToken"]);
    }

    [Theory]
    [InlineData("?status=RESERVED", new[] { 1, 2, 3, 4 })]
    [InlineData("?status=COOLDOWN,AVAILABLE", new[] { 0, 5, 6, 7, 8, 9 })]
    [InlineData("?allocation=unallocated", new[] { 0, 5, 6, 7, 8, 9 })]
    [InlineData("?allocation=operator", new[] { 3 })]
    [InlineData("?allocation=occupier", new[] { 1, 2, 4 })]
    [InlineData("?occupierId=acme", new[] { 1, 2 })]
    [InlineData("?allocation=occupier&occupierId=globex", new[] { 4 })]
    [InlineData("?assignment=unassigned&status=RESERVED", new[] { 1, 2, 3, 4 })]
    [InlineData("?assignment=assigned", new int[0])]
    [InlineData("?search=4503", new[] { 3 })]
    [InlineData("?search=%2B44%20207-123", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData("?search=1234509", new[] { 9 })]
    [InlineData("?search=99999", new int[0])]
    [InlineData("?search=020%207123", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData("?search=0207123", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData("?search=02071234503", new[] { 3 })]
    [InlineData("?search=(020)%207123-4503", new[] { 3 })]
    [InlineData("?search=447123", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData("?search=%2B442071234503", new[] { 3 })]
    [InlineData("?search=0307123", new int[0])]
    [InlineData("?occupierId=nobody", new int[0])]
    public async Task Filters_select_exactly_the_matching_numbers(string query, int[] expected)
    {
        var answer = await _api.ListAsync(Api.Site, query);

        Assert.Equal(200, answer.Status);
        Assert.Equal(expected.Select(Api.Number), Numbers(answer));
    }

    [Fact]
    public async Task Pages_follow_the_continuation_token_to_the_end_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var answer = await _api.ListAsync(Api.Site, "?pageSize=3" + (token is null ? "" : "&continuationToken=" + token));
            Assert.Equal(200, answer.Status);
            seen.AddRange(Numbers(answer));
            token = answer.Json["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 10).Select(Api.Number), seen);
        Assert.Equal(4, pages);
    }

    [Theory]
    [InlineData("", 5, 2)]
    [InlineData("", 10, 1)]
    [InlineData("&status=AVAILABLE,COOLDOWN", 3, 2)]
    [InlineData("&search=0207123", 5, 2)]
    public async Task A_full_last_page_ends_the_list_without_a_token_to_an_empty_page(string filter, int pageSize, int expectedPages)
    {
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var answer = await _api.ListAsync(Api.Site, $"?pageSize={pageSize}{filter}" + (token is null ? "" : "&continuationToken=" + token));
            Assert.Equal(200, answer.Status);
            pages.Add(Numbers(answer));
            token = answer.Json["continuationToken"]?.GetValue<string>();
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal(expectedPages, pages.Count);
        Assert.All(pages, page => Assert.Equal(pageSize, page.Count));
    }

    [Fact]
    public async Task A_searched_page_that_is_full_at_the_last_match_before_a_storage_page_ends_has_no_token()
    {
        // 1,005 numbers: storage answers a search in pages of 1,000, so the first says more follow; the 100 matches of
        // "20712345" (+4420712345xx) all lie in it.
        await _api.SeedAsync("large", count: 1005);

        var answer = await _api.ListAsync("large", "?search=20712345&pageSize=100");

        Assert.Equal(100, Numbers(answer).Count);
        Assert.Null(answer.Json["continuationToken"]);
    }

    [Fact]
    public async Task Search_matches_the_national_form_of_the_sites_own_region_only()
    {
        await _api.SeedAsync("new-york", count: 3);
        Assert.Equal(200, (await _api.PutSettingsAsync("new-york", """{"defaultRegion":"US"}""")).Status);

        Assert.Empty(Numbers(await _api.ListAsync("new-york", "?search=0207123")));
        Assert.Equal(3, Numbers(await _api.ListAsync("new-york", "?search=207123")).Count);
    }

    [Theory]
    [InlineData("?pageSize=1001")]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=ten")]
    [InlineData("?status=LOST")]
    [InlineData("?allocation=everyone")]
    [InlineData("?assignment=maybe")]
    [InlineData("?search=%27%20or%201%20eq%201")]
    [InlineData("?search=%22")]
    [InlineData("?occupierId=acme%27%20or%20%27a%27%20eq%20%27a")]
    [InlineData("?continuationToken=bm90LWEtbnVtYmVy")]
    [InlineData("?continuationToken=%27")]
    public async Task A_malformed_list_query_gets_a_400_problem(string query)
    {
        var answer = await _api.ListAsync(Api.Site, query);

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
    }

    [Fact]
    public async Task A_page_naming_many_occupiers_shows_each_by_name()
    {
        await _api.SeedAsync("many-occupiers", count: 12);
        for (var i = 0; i < 12; i++)
        {
            await _api.PutOccupierAsync("many-occupiers", $"occ{i}", $$"""{"name":"Occupier {{i}}"}""");
            await _api.AllocateAsync("many-occupiers", Api.Number(i), $$"""{"allocateTo":"occupier","occupierId":"occ{{i}}"}""");
        }

        var few = await _api.ListAsync("many-occupiers", "?pageSize=3");
        var all = await _api.ListAsync("many-occupiers");

        Assert.Equal(["Occupier 0", "Occupier 1", "Occupier 2"], few.Json["items"]!.AsArray().Select(n => n!["allocatedTo"]!["name"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"Occupier {i}"), all.Json["items"]!.AsArray().Select(n => n!["allocatedTo"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_locked_number_shows_its_lock_and_reason_and_offers_nothing()
    {
        var locked = (await _api.ListAsync(Api.Site, "?search=4509")).Json["items"]![0]!;

        Assert.True(locked["locked"]!.GetValue<bool>());
        Assert.Equal("Remote-access voicemail number", locked["lockReason"]!.GetValue<string>());
        Assert.True(locked["isMainNumber"]!.GetValue<bool>());
        Assert.Empty(locked["allowedActions"]!.AsArray());
    }

    [Fact]
    public async Task Facets_count_only_what_is_present_in_the_unfiltered_list()
    {
        var answer = await _api.FacetsAsync(Api.Site);

        Assert.Equal(200, answer.Status);
        var expected = JsonNode.Parse("""
            {"total":10,
             "statuses":{"AVAILABLE":5,"RESERVED":4,"COOLDOWN":1},
             "allocation":{"unallocated":6,"operator":1,"occupiers":[
                {"occupierId":"acme","name":"Acme Ltd","count":2},
                {"occupierId":"globex","name":"@Globex, \"Intl\"","count":1}]},
             "assignment":{"unassigned":10}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, answer.Json), answer.Body);
    }

    [Fact]
    public async Task The_export_is_a_csv_download_of_the_filtered_numbers_with_formulas_neutralised()
    {
        var answer = await _api.ExportAsync(Api.Site, "?status=RESERVED,COOLDOWN");

        Assert.Equal(200, answer.Status);
        Assert.Equal("text/csv; charset=utf-8", answer.ContentType);
        Assert.StartsWith("attachment; filename=\"london-bridge-phone-numbers-", answer.Headers.ContentDisposition.ToString());
        var expected = string.Join("\r\n",
            "Phone number,Extension,Status,Allocated to,Cooling off date,Main number,Range name",
            "+442071234501,4501,RESERVED,Acme Ltd,,,London 0207 123 45xx",
            "+442071234502,4502,RESERVED,Acme Ltd,,,London 0207 123 45xx",
            "+442071234503,4503,RESERVED,Operator,,,London 0207 123 45xx",
            "+442071234504,4504,RESERVED,\"'@Globex, \"\"Intl\"\"\",,,London 0207 123 45xx",
            "+442071234508,4508,COOLDOWN,,2027-01-01,,\"'=HYPERLINK(\"\"http://evil\"\")\"",
            "");
        Assert.Equal(expected, answer.Body);
    }

    [Fact]
    public async Task The_export_of_a_filter_that_selects_nothing_is_the_header_alone()
    {
        var answer = await _api.ExportAsync(Api.Site, "?assignment=assigned");

        Assert.Equal("Phone number,Extension,Status,Allocated to,Cooling off date,Main number,Range name\r\n", answer.Body);
    }

    [Fact]
    public async Task A_malformed_export_query_gets_a_400_problem()
    {
        var answer = await _api.ExportAsync(Api.Site, "?status=NOPE");

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
    }
}
