using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Telephony.Tests.Support;
using Xunit.Abstractions;

namespace Telephony.Tests.Http;

public sealed class AdministrationApiTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Header = "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason";
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_import_reports_each_row_and_a_bad_row_never_blocks_the_good_ones()
    {
        await _api.ImportAsync("manchester", Header + "\n+441611234500,4500,Manchester,false,,false,");

        var answer = await _api.ImportAsync("manchester", string.Join("\n",
            Header,
            "0161 123 4501,4501,Manchester,true,,false,",
            "+441611234500,4500,Manchester,false,,false,",
            "not-a-number,4502,Manchester,false,,false,",
            "+441611234503,,Manchester,false,,false,",
            "+441611234504,4504,Manchester,maybe,,false,",
            "+441611234505,4505,Manchester,false,next week,false,",
            "+441611234506,4506,Manchester,false,,false",
            "+441611234501,4501,Manchester,false,,false,",
            "+441611234507,4507,Manchester,false,2027-03-01,true,RAN"));

        Assert.Equal(200, answer.Status);
        Assert.Equal((2, 1, 6), (answer.Json["created"]!.GetValue<int>(), answer.Json["existing"]!.GetValue<int>(), answer.Json["invalid"]!.GetValue<int>()));
        var rows = answer.Json["rows"]!.AsArray();
        Assert.Equal(
            ["created", "existing", "invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "created"],
            rows.Select(r => r!["outcome"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(2, 9), rows.Select(r => r!["row"]!.GetValue<int>()));
        Assert.Equal("+441611234501", rows[0]!["number"]!.GetValue<string>());
        Assert.All(rows.Where(r => r!["outcome"]!.GetValue<string>() == "invalid"), r => Assert.False(string.IsNullOrEmpty(r!["reason"]!.GetValue<string>())));

        var list = await _api.ListAsync("manchester");
        Assert.Equal(["+441611234500", "+441611234501", "+441611234507"], list.Json["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()));
        var coolingOff = list.Json["items"]![2]!;
        Assert.Equal(("COOLDOWN", "2027-03-01T00:00:00.000Z", true, "RAN"),
            (coolingOff["status"]!.GetValue<string>(), coolingOff["coolingOffUntil"]!.GetValue<string>(), coolingOff["locked"]!.GetValue<bool>(), coolingOff["lockReason"]!.GetValue<string>()));
        Assert.True(list.Json["items"]![1]!["isMainNumber"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("", "invalid-request")]
    [InlineData("phone,ext\n+441611234500,1", "invalid-request")]
    [InlineData("number,rangeName\n+441611234500,x", "invalid-request")]
    [InlineData("number,extension,number\n+441611234500,1,+441611234500", "invalid-request")]
    public async Task A_csv_that_cannot_be_read_as_a_whole_is_refused_and_creates_nothing(string csv, string code)
    {
        var answer = await _api.ImportAsync("leeds", csv);

        Assert.Equal((400, code), (answer.Status, answer.ProblemCode));
        Assert.Equal(404, (await _api.ListAsync("leeds")).Status);
    }

    [Fact]
    public async Task An_import_whose_every_row_is_refused_leaves_the_site_unknown()
    {
        var answer = await _api.ImportAsync("york", Header + "\nnot-a-number,1,York,false,,false,\n+441904123456,,York,false,,false,");

        Assert.Equal((200, 0, 2), (answer.Status, answer.Json["created"]!.GetValue<int>(), answer.Json["invalid"]!.GetValue<int>()));
        Assert.Equal((404, "site-not-found"), ((await _api.ListAsync("york")).Status, (await _api.ListAsync("york")).ProblemCode));
    }

    [Fact]
    public async Task The_demo_site_in_the_readme_loads_completely()
    {
        var csv = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "docs", "demo-site.csv"));

        var answer = await _api.ImportAsync("london-bridge", csv);

        Assert.Equal(200, answer.Status);
        Assert.Equal((10, 0), (answer.Json["created"]!.GetValue<int>(), answer.Json["invalid"]!.GetValue<int>()));
        var facets = await _api.FacetsAsync("london-bridge");
        Assert.Equal((9, 1), (facets.Json["statuses"]!["AVAILABLE"]!.GetValue<int>(), facets.Json["statuses"]!["COOLDOWN"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_import_sent_as_json_is_refused_as_the_wrong_media_type()
    {
        var answer = await _api.ImportAsync("leeds", "{}", "application/json");

        Assert.Equal((415, "unsupported-media-type"), (answer.Status, answer.ProblemCode));
    }

    [Fact]
    public async Task Occupiers_are_created_then_updated()
    {
        await _api.PutSettingsAsync("leeds", "{}");

        var created = await _api.PutOccupierAsync("leeds", "acme", """{"name":"Acme Ltd","voiceServices":2}""");
        var updated = await _api.PutOccupierAsync("leeds", "acme", """{"name":"Acme Group"}""");

        Assert.Equal(201, created.Status);
        Assert.Equal(200, updated.Status);
        Assert.Equal(("Acme Group", 2), (updated.Json["name"]!.GetValue<string>(), updated.Json["voiceServices"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("acme", """{"voiceServices":2}""")]
    [InlineData("acme", """{"name":"","voiceServices":2}""")]
    [InlineData("acme", """{"name":"Acme","voiceServices":-1}""")]
    [InlineData("acme", """{"name":"Acme","voiceServices":"2"}""")]
    [InlineData("acme", """{"name":"Acme","colour":"red"}""")]
    [InlineData("operator", """{"name":"Acme"}""")]
    [InlineData("ac'me", """{"name":"Acme"}""")]
    public async Task A_bad_occupier_is_refused(string occupierId, string body)
    {
        await _api.PutSettingsAsync("leeds", "{}");

        var answer = await _api.PutOccupierAsync("leeds", occupierId, body);

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
    }

    [Fact]
    public async Task Site_settings_create_the_site_and_change_only_what_is_given()
    {
        var created = await _api.PutSettingsAsync("bristol", """{"coolingOffDays":30,"defaultRegion":"gb"}""");
        var changed = await _api.PutSettingsAsync("bristol", """{"autoNominateMainNumber":true}""");

        Assert.Equal(201, created.Status);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"siteId":"bristol","name":"bristol","operatorName":"Operator","coolingOffDays":30,"defaultRegion":"GB","autoNominateMainNumber":true}"""),
            changed.Json), changed.Body);
        Assert.Equal(200, (await _api.ListAsync("bristol")).Status);
    }

    [Theory]
    [InlineData("""{"coolingOffDays":-1}""")]
    [InlineData("""{"coolingOffDays":4000}""")]
    [InlineData("""{"defaultRegion":"XX"}""")]
    [InlineData("""{"coolingOffDays":1.5}""")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"name":"   "}""")]
    [InlineData("""{"name":"Bristol\u0007"}""")]
    [InlineData("""{"name":"Bristol\nTemple Meads"}""")]
    [InlineData("""{"name":null,"operatorName":""}""")]
    [InlineData("""{"operatorName":"Work\tspace"}""")]
    [InlineData("""{"name":42}""")]
    public async Task Bad_site_settings_are_refused(string body)
    {
        var answer = await _api.PutSettingsAsync("bristol", body);

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("operatorName")]
    public async Task A_name_of_up_to_100_characters_is_taken_and_a_longer_one_refused(string field)
    {
        await _api.PutSettingsAsync("bristol", $$"""{"{{field}}":"Bristol"}""");

        var tooLong = await _api.PutSettingsAsync("bristol", $$"""{"{{field}}":"{{new string('x', 101)}}"}""");
        var longest = await _api.PutSettingsAsync("bristol", $$"""{"{{field}}":"{{new string('x', 100)}}"}""");

        Assert.Equal((400, "invalid-request"), (tooLong.Status, tooLong.ProblemCode));
        Assert.Equal(new string('x', 100), longest.Json[field]!.GetValue<string>());
    }

    [Fact]
    public async Task Names_are_trimmed_and_left_unchanged_when_omitted()
    {
        await _api.PutSettingsAsync("bristol", """{"name":" Bristol ","operatorName":"\tWorkspace Co\n"}""");

        var answer = await _api.PutSettingsAsync("bristol", """{"coolingOffDays":30}""");

        Assert.Equal(("Bristol", "Workspace Co"), (answer.Json["name"]!.GetValue<string>(), answer.Json["operatorName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_site_of_5000_numbers_lists_facets_and_exports_correctly()
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 5000; i++)
        {
            csv.Append($"+4420799{i:D5},{i:D5},Big range,false,,false,\n");
        }

        var clock = Stopwatch.StartNew();
        var import = await _api.ImportAsync("big", csv.ToString());
        var importTime = clock.Elapsed;
        Assert.Equal(5000, import.Json["created"]!.GetValue<int>());
        await _api.PutOccupierAsync("big", "acme", """{"name":"Acme Ltd"}""");
        foreach (var i in new[] { 7, 4242, 4999 })
        {
            Assert.Equal(200, (await _api.AllocateAsync("big", $"+4420799{i:D5}", """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);
        }

        clock.Restart();
        var listed = new List<string>();
        string? token = null;
        do
        {
            var page = await _api.ListAsync("big", "?pageSize=1000" + (token is null ? "" : "&continuationToken=" + token));
            listed.AddRange(page.Json["items"]!.AsArray().Select(n => n!["number"]!.GetValue<string>()));
            token = page.Json["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);
        var listTime = clock.Elapsed;

        clock.Restart();
        var facets = await _api.FacetsAsync("big");
        var facetsTime = clock.Elapsed;

        clock.Restart();
        var export = await _api.ExportAsync("big");
        var exportTime = clock.Elapsed;

        var reserved = await _api.ListAsync("big", "?status=RESERVED");

        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"+4420799{i:D5}"), listed);
        Assert.Equal((5000, 4997, 3), (facets.Json["total"]!.GetValue<int>(),
            facets.Json["statuses"]!["AVAILABLE"]!.GetValue<int>(), facets.Json["statuses"]!["RESERVED"]!.GetValue<int>()));
        Assert.Equal(5001, export.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(["+442079900007", "+442079904242", "+442079904999"], reserved.Json["items"]!.AsArray().Select(n => n!["number"]!.GetValue<string>()));
        output.WriteLine($"5,000 numbers on Azurite: import {importTime.TotalMilliseconds:F0} ms, list (5 pages) {listTime.TotalMilliseconds:F0} ms, facets {facetsTime.TotalMilliseconds:F0} ms, export {exportTime.TotalMilliseconds:F0} ms");
    }
}
