using System.Text;
using Telephony.Domain.Common;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>Quotes, OData operators and escapes in every place a caller can put text: never another site's data.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string OtherSite = "canary-wharf";
    private TestApp _app = null!;
    private Api _api = null!;

    private static readonly string[] HostileValues =
    [
        "'", "\"", "' or ''='", "\" or 1 eq 1", " or PartitionKey ne ''", "eq", "%27", "%27%20or%20%27%27%3D%27", "4450') or (true",
        "london-bridge' or PartitionKey eq 'canary-wharf", "*", "\\", "\u0000", "../canary-wharf", "%2e%2e%2fcanary-wharf",
    ];

    public static TheoryData<string> Hostile => new(HostileValues);

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _api.SeedAsync(Api.Site, count: 3);
        // The other site's numbers share digits with this one's, so a widened query would show them.
        await _api.ImportAsync(OtherSite, "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n+442079994500,4500,Other,false,,false,");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_search_is_refused_or_finds_only_this_sites_numbers(string search)
    {
        var answer = await _api.ListAsync(Api.Site, "?search=" + Uri.EscapeDataString(search));

        AssertRefusedOrOnlyThisSite(answer);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_filter_value_is_refused_or_selects_nothing(string value)
    {
        foreach (var parameter in new[] { "status", "allocation", "occupierId", "assignment", "continuationToken" })
        {
            var answer = await _api.ListAsync(Api.Site, $"?{parameter}=" + Uri.EscapeDataString(value));
            Assert.True(answer.Status == 400 || (answer.Status == 200 && answer.Json["items"]!.AsArray().Count == 0), $"{parameter}={value}: {answer}");
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_site_id_is_refused_on_every_site_route(string siteId)
    {
        if (Ids.IsValid(siteId))
        {
            // A word like "eq" is a well-formed id: it names a site that does not exist, and nothing else.
            Assert.Equal("site-not-found", (await _api.ListAsync(siteId)).ProblemCode);
            Assert.Equal("site-not-found", (await _api.GetAsync(siteId, Api.Number(1))).ProblemCode);
            return;
        }

        Assert.Equal(400, (await _api.ListAsync(siteId)).Status);
        Assert.Equal(400, (await _api.FacetsAsync(siteId)).Status);
        Assert.Equal(400, (await _api.ExportAsync(siteId)).Status);
        Assert.Equal(400, (await _api.GetAsync(siteId, Api.Number(1))).Status);
        Assert.Equal(400, (await _api.AllocateAsync(siteId, Api.Number(1), """{"allocateTo":"operator"}""")).Status);
        Assert.Equal(400, (await _api.PutOccupierAsync(siteId, "acme", """{"name":"x","voiceServices":1}""")).Status);
        Assert.Equal(400, (await _api.PutSettingsAsync(siteId, "{}")).Status);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_number_or_occupier_id_is_refused(string value)
    {
        Assert.Equal("invalid-number", (await _api.GetAsync(Api.Site, value)).ProblemCode);
        if (Ids.IsValid(value))
        {
            Assert.Equal("occupier-not-found", (await _api.AllocateAsync(Api.Site, Api.Number(1), $$"""{"allocateTo":"occupier","occupierId":"{{value}}"}""")).ProblemCode);
            return;
        }


        var allocate = await _api.AllocateAsync(Api.Site, Api.Number(1), $$"""{"allocateTo":"occupier","occupierId":{{System.Text.Json.JsonSerializer.Serialize(value)}}}""");
        Assert.Equal(400, allocate.Status);
        Assert.Equal(400, (await _api.PutOccupierAsync(Api.Site, value, """{"name":"x","voiceServices":1}""")).Status);
    }

    [Fact]
    public async Task An_operation_id_that_is_not_one_is_not_found()
    {
        await using var harness = await ActivationHarness.StartAsync();
        foreach (var id in HostileValues)
        {
            var request = HttpCall.Request("GET", "/api/operations/x");
            var answer = await (await harness.App.Function<ActivationFunctions>().GetOperation(request, harness.Client, id, default)).ExecuteAsync(request);
            Assert.Equal(404, answer.Status);
        }
    }

    [Fact]
    public async Task Every_bound_is_stated_in_its_refusal()
    {
        var pageSize = await _api.ListAsync(Api.Site, "?pageSize=1001");
        Assert.Contains("1000", pageSize.Json["detail"]!.GetValue<string>());

        var search = await _api.ListAsync(Api.Site, "?search=" + new string('1', 33));
        Assert.Contains("32", search.Body);

        var json = await _api.PutOccupierAsync(Api.Site, "acme", "{\"name\":\"" + new string('x', RequestReading.MaxJsonBodyBytes) + "\"}");
        Assert.Equal(413, json.Status);
        Assert.Contains(RequestReading.MaxJsonBodyBytes.ToString(), json.Json["detail"]!.GetValue<string>());

        var csv = await _api.ImportAsync(Api.Site, "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n" + new string('#', RequestReading.MaxCsvBodyBytes));
        Assert.Equal(413, csv.Status);
        Assert.Contains(RequestReading.MaxCsvBodyBytes.ToString(), csv.Json["detail"]!.GetValue<string>());

        var rows = new StringBuilder("number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n");
        for (var i = 0; i <= Telephony.Domain.Provisioning.NumberProvisioning.MaxRows; i++)
        {
            rows.Append("+4420").Append(70000000 + i).Append(",1,,false,,false,\n");
        }

        var tooManyRows = await _api.ImportAsync(Api.Site, rows.ToString());
        Assert.Equal(413, tooManyRows.Status);
        Assert.Contains("20000", tooManyRows.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_exported_cell_that_a_spreadsheet_would_run_is_neutralised_but_the_number_is_kept_as_E164()
    {
        await _api.ImportAsync(Api.Site, "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n+442071239999,9999,=HYPERLINK(\"http://x\"),false,,false,");

        var export = await _api.ExportAsync(Api.Site, "?search=9999");

        Assert.Contains("'=HYPERLINK", export.Body);
        Assert.Contains("\n+442071239999,", export.Body.Replace("\r\n", "\n"));
        Assert.Equal("text/csv; charset=utf-8", export.ContentType);
    }

    private static void AssertRefusedOrOnlyThisSite(HttpAnswer answer)
    {
        if (answer.Status == 400)
        {
            return;
        }

        Assert.Equal(200, answer.Status);
        foreach (var item in answer.Json["items"]!.AsArray())
        {
            Assert.StartsWith("+44207123", item!["number"]!.GetValue<string>());
        }
    }
}
