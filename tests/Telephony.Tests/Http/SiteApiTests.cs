using System.Text.Json.Nodes;
using Telephony.Functions.Security;
using Telephony.Tests.Administration;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Http;

/// <summary><c>GET /api/me</c>, <c>/api/sites</c>, <c>/api/sites/{siteId}</c> and <c>/api/sites/{siteId}/organizations</c>.</summary>
public sealed class SiteApiTests : SeededSiteTests
{
    private const string Site = Api.Site;
    private const string OtherSite = "canary-wharf";

    private SiteApi Sites => new(App);

    [Fact]
    public async Task Me_names_an_operator_with_its_role_and_sites()
    {
        var me = await Sites.MeAsync(Principals.OperatorOf(OtherSite, Site));

        Assert.Equal(200, me.Status);
        Assert.Equal("someone@example.com", me.Json["name"]!.GetValue<string>());
        Assert.Equal([TelephonyClaims.Operator], Strings(me.Json["roles"]));
        Assert.Equal([OtherSite, Site], Strings(me.Json["sites"]));
    }

    [Fact]
    public async Task Me_gives_a_platform_administrator_no_site_list_because_every_site_is_theirs()
    {
        var me = await Sites.MeAsync(Principals.PlatformAdmin());

        Assert.Equal(200, me.Status);
        Assert.Equal([TelephonyClaims.PlatformAdmin], Strings(me.Json["roles"]));
        Assert.Null(me.Json["sites"]);
        Assert.True(me.Json.AsObject().ContainsKey("sites"));
    }

    [Fact]
    public async Task Sites_lists_every_known_site_with_its_number_count_to_an_administrator()
    {
        Assert.Equal(201, (await Http.PutSettingsAsync(OtherSite, """{"coolingOffDays":30}""")).Status);
        // An import whose every row is refused leaves its site unknown.
        Assert.Equal(200, (await Http.ImportAsync("nowhere", "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\nnot-a-number,1,,false,,false,")).Status);

        var sites = await Sites.SitesAsync(Principals.PlatformAdmin());

        Assert.Equal(200, sites.Status);
        Assert.Equal(
            [(OtherSite, OtherSite, 0L), (Site, Site, 5L)],
            sites.Json["items"]!.AsArray().Select(s => (s!["siteId"]!.GetValue<string>(), s["name"]!.GetValue<string>(), s["numbers"]!.GetValue<long>())).ToList());
        Assert.Null(sites.Json["continuationToken"]);
    }

    [Fact]
    public async Task Names_set_in_the_settings_show_in_the_site_list_the_site_and_the_organizations()
    {
        await Http.PutSettingsAsync(Site, """{"name":"London Bridge","operatorName":"Workspace Co"}""");
        await Http.PutSettingsAsync(Site, """{"name":"  London Bridge Street  "}""");

        var listed = await Sites.SitesAsync(Principals.OperatorOf(Site));
        var site = await Sites.SiteAsync(Principals.OperatorOf(Site), Site);
        var organizations = await Sites.OrganizationsAsync(Principals.OperatorOf(Site), Site);

        Assert.Equal("""[{"siteId":"london-bridge","name":"London Bridge Street","numbers":5}]""", listed.Json["items"]!.ToJsonString());
        Assert.Equal(("London Bridge Street", "Workspace Co"), (site.Json["name"]!.GetValue<string>(), site.Json["operatorName"]!.GetValue<string>()));
        Assert.Equal("Workspace Co", organizations.Json["items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(5, listed.Json["items"]![0]!["numbers"]!.GetValue<long>());
    }

    [Fact]
    public async Task Sites_shows_an_operator_only_the_known_sites_it_holds_claims_for()
    {
        Assert.Equal(201, (await Http.PutSettingsAsync(OtherSite, "{}")).Status);

        var sites = await Sites.SitesAsync(Principals.OperatorOf(Site, "not-yet-known"));

        Assert.Equal([Site], sites.Json["items"]!.AsArray().Select(s => s!["siteId"]!.GetValue<string>()).ToList());
    }

    [Fact]
    public async Task The_number_count_follows_imports_and_removals()
    {
        // Rows 3 and 4 of the standard site exist already: two of these five are new.
        var rows = string.Join("\n", new[] { 3, 4, 5, 6 }.Select(i => $"{Api.Number(i)},{4500 + i},,false,,false,"));
        await Http.ImportAsync(Site, "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n" + rows);
        Assert.Equal(204, (await App.RemoveAsync(Api.Number(0))).Status);
        // A removal that removes nothing counts nothing.
        Assert.Equal(404, (await App.RemoveAsync(Api.Number(0))).Status);

        var sites = await Sites.SitesAsync(Principals.PlatformAdmin());

        Assert.Equal(6, sites.Json["items"]![0]!["numbers"]!.GetValue<long>());
        var listed = (await Http.ListAsync(Site)).Json["items"]!.AsArray().Count;
        Assert.Equal(listed, sites.Json["items"]![0]!["numbers"]!.GetValue<long>());
    }

    [Fact]
    public async Task Sites_are_paged_by_a_continuation_token()
    {
        foreach (var site in new[] { "site-a", "site-b" })
        {
            await Http.PutSettingsAsync(site, "{}");
        }

        var first = await Sites.SitesAsync(Principals.PlatformAdmin(), "?pageSize=2");
        var token = first.Json["continuationToken"]!.GetValue<string>();
        var second = await Sites.SitesAsync(Principals.PlatformAdmin(), "?pageSize=2&continuationToken=" + token);

        Assert.Equal(["london-bridge", "site-a"], first.Json["items"]!.AsArray().Select(s => s!["siteId"]!.GetValue<string>()).ToList());
        Assert.Equal(["site-b"], second.Json["items"]!.AsArray().Select(s => s!["siteId"]!.GetValue<string>()).ToList());
        Assert.Null(second.Json["continuationToken"]);
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=1001")]
    [InlineData("?pageSize=ten")]
    [InlineData("?continuationToken=%2F..%2F")]
    [InlineData("?continuationToken=YS9i")] // base64url of "a/b", not a site id
    public async Task Sites_refuses_a_bad_page_size_or_token(string query)
    {
        var sites = await Sites.SitesAsync(Principals.PlatformAdmin(), query);

        Assert.Equal(400, sites.Status);
        Assert.Equal("invalid-request", sites.ProblemCode);
    }

    [Fact]
    public async Task A_site_shows_its_settings_with_the_platform_defaults_filled_in()
    {
        var defaults = await Sites.SiteAsync(Principals.OperatorOf(Site), Site);
        await Http.PutSettingsAsync(Site, """{"coolingOffDays":30,"defaultRegion":"ie","autoNominateMainNumber":true}""");
        var saved = await Sites.SiteAsync(Principals.OperatorOf(Site), Site);

        Assert.Equal(200, defaults.Status);
        Assert.Equal(
            """{"siteId":"london-bridge","name":"london-bridge","operatorName":"Operator","coolingOffDays":90,"defaultRegion":"GB","autoNominateMainNumber":false}""",
            defaults.Body);
        Assert.Equal(
            """{"siteId":"london-bridge","name":"london-bridge","operatorName":"Operator","coolingOffDays":30,"defaultRegion":"IE","autoNominateMainNumber":true}""",
            saved.Body);
    }

    [Fact]
    public async Task An_unknown_site_is_not_found()
    {
        Assert.Equal("site-not-found", (await Sites.SiteAsync(Principals.PlatformAdmin(), "unknown-site")).ProblemCode);
        Assert.Equal("site-not-found", (await Sites.OrganizationsAsync(Principals.PlatformAdmin(), "unknown-site")).ProblemCode);
    }

    [Fact]
    public async Task Organizations_lists_the_operator_first_then_the_occupiers_by_name_with_their_voice_services()
    {
        await Http.PutOccupierAsync(Site, "zeta", """{"name":"Beta Partners","voiceServices":1}""");
        await Http.AllocateAsync(Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");

        var organizations = await Sites.OrganizationsAsync(Principals.OperatorOf(Site), Site);

        Assert.Equal(200, organizations.Status);
        var items = organizations.Json["items"]!.AsArray();
        Assert.Equal(["operator", "acme", "zeta"], items.Select(o => o!["organizationId"]!.GetValue<string>()).ToList());
        Assert.Equal(
            """{"organizationId":"operator","kind":"operator","name":"Operator","voiceServices":0,"voiceServicesInUse":0,"mainNumber":null}""",
            items[0]!.ToJsonString());
        Assert.Equal(
            """{"organizationId":"acme","kind":"occupier","name":"Acme Ltd","voiceServices":2,"voiceServicesInUse":0,"mainNumber":null}""",
            items[1]!.ToJsonString());
        Assert.Equal("Beta Partners", items[2]!["name"]!.GetValue<string>());
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}

/// <summary>The daily repair of the site registry: sites known before it existed, and counts a crash left wrong.</summary>
public sealed class SiteRegistryReconciliationTests : SeededSiteTests
{
    [Fact]
    public async Task The_repair_gives_the_registry_the_name_the_settings_hold()
    {
        await Http.PutSettingsAsync(Api.Site, """{"name":"London Bridge"}""");
        // As a save that stopped after the settings, before the registry's copy of the name.
        await App.Table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("~sites", Api.Site) { ["Numbers"] = 5L });

        await App.Get<Telephony.Domain.Sites.SiteRegistryReconciliation>().RunAsync(default);

        var sites = await new SiteApi(App).SitesAsync(Principals.PlatformAdmin());
        Assert.Equal("London Bridge", sites.Json["items"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_repair_registers_sites_the_registry_lacks_and_corrects_wrong_counts()
    {
        await Http.SeedAsync("canary-wharf", count: 3);
        // london-bridge as a site from before the registry; canary-wharf's count as a crash between a removal and its count left it.
        await App.Table.DeleteEntityAsync("~sites", Api.Site);
        await App.Table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("~sites", "canary-wharf") { ["Numbers"] = 7L });
        var function = App.Function<Telephony.Functions.Sites.SiteFunctions>();

        await function.ReconcileSiteRegistry(new Microsoft.Azure.Functions.Worker.TimerInfo(), default);
        var repaired = await App.Get<Telephony.Domain.Sites.SiteRegistryReconciliation>().RunAsync(default);

        Assert.Equal(0, repaired);
        var sites = await new SiteApi(App).SitesAsync(Principals.PlatformAdmin());
        Assert.Equal(
            [("canary-wharf", 3L), (Api.Site, 5L)],
            sites.Json["items"]!.AsArray().Select(s => (s!["siteId"]!.GetValue<string>(), s["numbers"]!.GetValue<long>())).ToList());
    }
}
