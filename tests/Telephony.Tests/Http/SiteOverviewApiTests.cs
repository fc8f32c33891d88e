using System.Text.Json.Nodes;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Sites;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Http;

/// <summary><c>GET /api/sites/{siteId}/overview</c> and <c>GET /api/sites/{siteId}/organizations/{organizationId}</c>.</summary>
public sealed class SiteOverviewApiTests : SeededSiteTests
{
    private const string Site = Api.Site;
    private const string Header = "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason";

    private SiteApi Sites => new(App);

    [Fact]
    public async Task The_overview_counts_numbers_per_status_and_per_organization_and_lists_occupiers_with_none()
    {
        await ArrangeEveryStatusAsync();

        var overview = await Sites.OverviewAsync(Principals.OperatorOf(Site), Site);

        Assert.Equal(200, overview.Status);
        Assert.Equal(("london-bridge", "London Bridge", "Workspace Co", 6), (
            overview.Json["siteId"]!.GetValue<string>(), overview.Json["name"]!.GetValue<string>(),
            overview.Json["operatorName"]!.GetValue<string>(), overview.Json["total"]!.GetValue<int>()));
        Assert.Equal("""{"AVAILABLE":2,"RESERVED":1,"PENDING":1,"ACTIVE":1,"COOLDOWN":1}""", overview.Json["statuses"]!.ToJsonString());
        var organizations = overview.Json["organizations"]!.AsArray();
        Assert.Equal(3, organizations.Count);
        Assert.Equal(
            """{"organizationId":"operator","kind":"operator","name":"Workspace Co","voiceServices":0,"voiceServicesInUse":0,"mainNumber":null,"numbers":1,"statuses":{"ACTIVE":1}}""",
            organizations[0]!.ToJsonString());
        Assert.Equal(
            """{"organizationId":"acme","kind":"occupier","name":"Acme Ltd","voiceServices":2,"voiceServicesInUse":0,"mainNumber":null,"numbers":2,"statuses":{"RESERVED":1,"PENDING":1}}""",
            organizations[1]!.ToJsonString());
        Assert.Equal(
            """{"organizationId":"zeta","kind":"occupier","name":"Beta Partners","voiceServices":1,"voiceServicesInUse":0,"mainNumber":null,"numbers":0,"statuses":{}}""",
            organizations[2]!.ToJsonString());
    }

    [Fact]
    public async Task An_empty_site_has_thirteen_empty_weeks_and_no_statuses()
    {
        Assert.Equal(201, (await Http.PutSettingsAsync("empty-site", "{}")).Status);

        var overview = await Sites.OverviewAsync(Principals.PlatformAdmin(), "empty-site");

        Assert.Equal(200, overview.Status);
        Assert.Equal(0, overview.Json["total"]!.GetValue<int>());
        Assert.Equal("{}", overview.Json["statuses"]!.ToJsonString());
        Assert.Equal(["operator"], overview.Json["organizations"]!.AsArray().Select(o => o!["organizationId"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Repeat(0, 13), WeekCounts(overview));
        Assert.Equal(0, overview.Json["coolingOff"]!["later"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cooling_off_is_counted_in_the_week_it_ends_each_week_running_seven_days_from_today()
    {
        // The clock stands at 2026-11-25 09:00 UTC: week 0 is [25 Nov, 2 Dec), week 12 is [17 Feb, 24 Feb).
        await ImportCoolingOffAsync(
            "2026-11-25T10:00:00Z", "2026-12-01T23:59:59Z", // week 0
            "2026-12-02T00:00:00Z", // week 1
            "2027-02-23T23:59:59Z", // week 12
            "2027-02-24T00:00:00Z", "2030-01-01T00:00:00Z"); // later

        var overview = await Sites.OverviewAsync(Principals.OperatorOf(Site), Site);

        var weeks = overview.Json["coolingOff"]!["weeks"]!.AsArray();
        Assert.Equal(13, weeks.Count);
        Assert.Equal("2026-11-25", weeks[0]!["weekStarting"]!.GetValue<string>());
        Assert.Equal("2026-12-02", weeks[1]!["weekStarting"]!.GetValue<string>());
        Assert.Equal("2027-02-17", weeks[12]!["weekStarting"]!.GetValue<string>());
        Assert.Equal([2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], WeekCounts(overview));
        Assert.Equal(2, overview.Json["coolingOff"]!["later"]!.GetValue<int>());
        Assert.Equal(6, overview.Json["statuses"]!["COOLDOWN"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_cooldown_number_past_its_date_but_not_yet_released_counts_in_the_first_week()
    {
        await ImportCoolingOffAsync("2026-11-26T00:00:00Z", "2026-12-04T00:00:00Z");
        App.Clock.Advance(TimeSpan.FromDays(2)); // now 2026-11-27 09:00 UTC; no release has run

        var overview = await Sites.OverviewAsync(Principals.OperatorOf(Site), Site);

        Assert.Equal("2026-11-27", overview.Json["coolingOff"]!["weeks"]![0]!["weekStarting"]!.GetValue<string>());
        Assert.Equal([1, 1], WeekCounts(overview).Take(2));
        Assert.Equal(2, overview.Json["statuses"]!["COOLDOWN"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_overview_is_refused_to_another_sites_operator_and_to_a_caller_who_is_not_signed_in()
    {
        var otherOperator = await Sites.OverviewAsync(Principals.OperatorOf("canary-wharf"), Site);
        // Through a gate with no development principal to stand in for the missing one, as on Azure.
        var request = HttpCall.Request("GET", $"/api/sites/{Site}/overview");
        var nobody = await Gate.WithoutStorage().CallAsync(nameof(SiteFunctions.GetSiteOverview), request, Gate.Values(("siteId", Site)),
            () => App.Function<SiteFunctions>().GetSiteOverview(request, Site, default));

        Assert.Equal((403, "forbidden"), (otherOperator.Status, otherOperator.ProblemCode));
        Assert.Equal((401, "unauthenticated"), (nobody.Status, nobody.ProblemCode));
        Assert.Equal(200, (await Sites.OverviewAsync(Principals.PlatformAdmin(), Site)).Status);
    }

    [Fact]
    public async Task The_overview_of_an_unknown_site_is_not_found()
    {
        var overview = await Sites.OverviewAsync(Principals.PlatformAdmin(), "unknown-site");

        Assert.Equal((404, "site-not-found"), (overview.Status, overview.ProblemCode));
    }

    [Fact]
    public async Task One_organization_is_shown_as_the_overview_shows_it()
    {
        await ArrangeEveryStatusAsync();
        var overview = await Sites.OverviewAsync(Principals.OperatorOf(Site), Site);

        foreach (var item in overview.Json["organizations"]!.AsArray())
        {
            var id = item!["organizationId"]!.GetValue<string>();
            var organization = await Sites.OrganizationAsync(Principals.OperatorOf(Site), Site, id);

            Assert.Equal(200, organization.Status);
            Assert.True(JsonNode.DeepEquals(item, organization.Json), $"{id}: {organization.Body}");
        }
    }

    [Fact]
    public async Task The_operator_is_shown_before_its_row_exists_and_under_its_default_name()
    {
        var organization = await Sites.OrganizationAsync(Principals.OperatorOf(Site), Site, "operator");

        Assert.Equal(
            """{"organizationId":"operator","kind":"operator","name":"Operator","voiceServices":0,"voiceServicesInUse":0,"mainNumber":null,"numbers":0,"statuses":{}}""",
            organization.Body);
    }

    [Theory]
    [InlineData(Site, "nobody", 404, "occupier-not-found")]
    [InlineData("unknown-site", "acme", 404, "site-not-found")]
    [InlineData(Site, "ac'me", 400, "invalid-request")]
    public async Task An_organization_the_site_does_not_have_is_not_found(string siteId, string organizationId, int status, string code)
    {
        var organization = await Sites.OrganizationAsync(Principals.PlatformAdmin(), siteId, organizationId);

        Assert.Equal((status, code), (organization.Status, organization.ProblemCode));
    }

    /// <summary>
    /// Named site and operator; #0 and #4 AVAILABLE, #1 RESERVED for acme, #2 ACTIVE for the operator, #3 PENDING for
    /// acme, one COOLDOWN number unallocated; the occupier zeta ("Beta Partners") holds none.
    /// </summary>
    private async Task ArrangeEveryStatusAsync()
    {
        Assert.Equal(200, (await Http.PutSettingsAsync(Site, """{"name":"London Bridge","operatorName":"Workspace Co"}""")).Status);
        Assert.Equal(201, (await Http.PutOccupierAsync(Site, "zeta", """{"name":"Beta Partners","voiceServices":1}""")).Status);
        Assert.Equal(200, (await Http.AllocateAsync(Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);
        Assert.Equal(200, (await Http.AllocateAsync(Site, Api.Number(2), """{"allocateTo":"operator"}""")).Status);
        Assert.Equal(200, (await Http.AllocateAsync(Site, Api.Number(3), """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);
        await ChangeAsync(Api.Number(2), (n, now) => n.StartActivation("op-2", now).IsSuccess && n.CompleteOperation("op-2", now));
        await ChangeAsync(Api.Number(3), (n, now) => n.StartActivation("op-3", now).IsSuccess);
        await ImportCoolingOffAsync("2026-12-10T00:00:00Z");
    }

    /// <summary>A step of the activation workflow, as it commits it: the aggregate's rule, then the store.</summary>
    private async Task ChangeAsync(string number, Func<PhoneNumber, DateTimeOffset, bool> change)
    {
        var store = App.Get<IPhoneNumberStore>();
        var found = (await store.FindAsync(Site, number, default))!;
        Assert.True(change(found, App.Clock.GetUtcNow()));
        Assert.True(await store.TrySaveAsync(found, null, default));
    }

    /// <summary>Imports a COOLDOWN number (+4420712346NN) for each date.</summary>
    private async Task ImportCoolingOffAsync(params string[] untils)
    {
        var rows = untils.Select((until, i) => $"+44207123{4610 + i},{4610 + i},,false,{until},false,");
        var import = await Http.ImportAsync(Site, Header + "\n" + string.Join("\n", rows));
        Assert.Equal(untils.Length, import.Json["created"]!.GetValue<int>());
    }

    private static List<int> WeekCounts(HttpAnswer overview) =>
        overview.Json["coolingOff"]!["weeks"]!.AsArray().Select(w => w!["count"]!.GetValue<int>()).ToList();
}
