using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Telephony.Functions.Events;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>Rule 13's narrowing: whatever filter an organization administrator sends, they see acme's numbers only.</summary>
public sealed class OrganizationAdminTests : IAsyncLifetime
{
    private const string Site = Api.Site;
    private static readonly string Principal = Principals.OrganizationAdminOf($"{Site}/acme");

    /// <summary>Acme holds 0, 1 and 5; the operator 2; globex 3; 4 is unallocated.</summary>
    private static readonly string[] AcmeNumbers = [Api.Number(0), Api.Number(1), Api.Number(5)];

    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        var api = new Api(_app);
        await api.SeedAsync(Site, 6);
        Assert.Equal(201, (await api.PutOccupierAsync(Site, "globex", """{"name":"Globex","voiceServices":1}""")).Status);
        foreach (var (number, to) in new[] { (0, "acme"), (1, "acme"), (5, "acme"), (3, "globex") })
        {
            Assert.Equal(200, (await api.AllocateAsync(Site, Api.Number(number), $$"""{"allocateTo":"occupier","occupierId":"{{to}}"}""")).Status);
        }

        Assert.Equal(200, (await api.AllocateAsync(Site, Api.Number(2), """{"allocateTo":"operator"}""")).Status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("?allocation=operator")]
    [InlineData("?allocation=unallocated")]
    [InlineData("?occupierId=globex")]
    [InlineData("?allocation=occupier&occupierId=globex")]
    [InlineData("?search=0207123")]
    [InlineData("?pageSize=1")]
    public async Task The_list_shows_only_acmes_numbers_whatever_filter_is_sent(string query)
    {
        var numbers = new List<string>();
        string? token = null;
        do
        {
            var page = await ListAsync(query + (token is null ? "" : (query.Length == 0 ? "?" : "&") + "continuationToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(200, page.Status);
            numbers.AddRange(page.Json["items"]!.AsArray().Select(n => n!["number"]!.GetValue<string>()));
            token = page.Json["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);

        var widening = query.Contains("operator") || query.Contains("unallocated") || query.Contains("globex");
        Assert.Equal(widening ? [] : AcmeNumbers, numbers);
    }

    [Fact]
    public async Task An_administrator_of_the_operators_own_organization_sees_the_operators_numbers_only()
    {
        // "Account > Telephony": the operator's office manager holds org:{site}/operator (README, npm start).
        var list = await CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), $"/api/sites/{Site}/phone-numbers?allocation=occupier", Principals.OrganizationAdminOf($"{Site}/operator"),
            r => _app.Function<PhoneNumberFunctions>().ListPhoneNumbers(r, Site, default));
        var all = await CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), $"/api/sites/{Site}/phone-numbers", Principals.OrganizationAdminOf($"{Site}/operator"),
            r => _app.Function<PhoneNumberFunctions>().ListPhoneNumbers(r, Site, default));

        Assert.Equal(200, all.Status);
        Assert.Equal([Api.Number(2)], all.Json["items"]!.AsArray().Select(n => n!["number"]!.GetValue<string>()));
        Assert.Empty(list.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task The_facets_count_only_acmes_numbers()
    {
        var facets = await CallAsync(nameof(PhoneNumberFunctions.FacetPhoneNumbers), $"/api/sites/{Site}/phone-numbers/facets", null,
            r => _app.Function<PhoneNumberFunctions>().FacetPhoneNumbers(r, Site, default));

        Assert.Equal(200, facets.Status);
        Assert.Equal(3, facets.Json["total"]!.GetValue<int>());
        Assert.DoesNotContain("globex", facets.Body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?allocation=operator")]
    [InlineData("?occupierId=globex")]
    public async Task The_export_holds_only_acmes_numbers(string query)
    {
        var export = await CallAsync(nameof(PhoneNumberFunctions.ExportPhoneNumbers), $"/api/sites/{Site}/phone-numbers/export{query}", null,
            r => _app.Function<PhoneNumberFunctions>().ExportPhoneNumbers(r, Site, default));

        Assert.Equal(200, export.Status);
        var rows = export.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')[0]).ToList();
        Assert.Equal(query.Length == 0 ? AcmeNumbers : [], rows);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&number=%2B442071234502")]
    [InlineData("&type=allocated")]
    public async Task The_activity_shows_only_events_of_acmes_numbers(string query)
    {
        var activity = await CallAsync(nameof(EventFunctions.GetSiteActivity), $"/api/sites/{Site}/activity?pageSize=100{query}", null,
            r => _app.Function<EventFunctions>().GetSiteActivity(r, Site, default));

        Assert.Equal(200, activity.Status);
        var numbers = activity.Json["items"]!.AsArray().Select(e => e!["number"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(query.Contains("number") ? [] : AcmeNumbers.ToHashSet(), numbers);
    }

    [Fact]
    public async Task An_organization_administrator_is_never_offered_allocate_or_deallocate_where_an_operator_is()
    {
        var asAdmin = await GetNumberAsync(Principal);
        var asOperator = await GetNumberAsync(Principals.OperatorOf(Site));

        Assert.Contains("deallocate", Actions(asOperator));
        Assert.DoesNotContain("deallocate", Actions(asAdmin));
        Assert.DoesNotContain("allocate", Actions(asAdmin));
        Assert.Contains("activate", Actions(asAdmin));
        var list = await ListAsync("");
        Assert.All(list.Json["items"]!.AsArray(), n => Assert.DoesNotContain("deallocate", Actions(n!)));
    }

    [Fact]
    public async Task An_organization_administrators_changes_are_recorded_as_a_user_acting_as_one()
    {
        Telephony.Domain.Common.Actor? asAdmin = null;
        Telephony.Domain.Common.Actor? asOperator = null;
        foreach (var (principal, set) in new (string, Action<Telephony.Domain.Common.Actor>)[] { (Principal, a => asAdmin = a), (Principals.OperatorOf(Site), a => asOperator = a) })
        {
            var request = HttpCall.Request("GET", $"/api/sites/{Site}/phone-numbers/{AcmeNumbers[0]}", headers: Principals.As(principal));
            await _app.Get<SecurityGate>().CallAsync(nameof(PhoneNumberFunctions.GetPhoneNumber), request, Gate.Values(("siteId", Site), ("number", AcmeNumbers[0])), () =>
            {
                set(Telephony.Domain.Common.CurrentActor.Value);
                return Task.FromResult<IActionResult>(new Telephony.Functions.Http.JsonBodyResult(new { }));
            });
        }

        Assert.Equal(("user", "someone@example.com", "organization-admin"), (asAdmin!.Type, asAdmin.Name, asAdmin.Role));
        Assert.Equal(("user", (string?)null), (asOperator!.Type, asOperator.Role));
    }

    [Fact]
    public async Task Me_lists_the_organizations_and_sites_lists_their_sites()
    {
        var sites = new SiteApi(_app);
        var me = await sites.MeAsync(Principal);
        var listed = await sites.SitesAsync(Principal);

        Assert.Equal("""[{"siteId":"london-bridge","organizationId":"acme"}]""", me.Json["organizations"]!.ToJsonString());
        Assert.Contains("Telephony.OrganizationAdmin", me.Json["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("[]", (await sites.MeAsync(Principals.OperatorOf(Site))).Json["organizations"]!.ToJsonString());
        Assert.Equal([Site], listed.Json["items"]!.AsArray().Select(s => s!["siteId"]!.GetValue<string>()));
    }

    [Fact]
    public void Both_principal_formats_give_the_same_organization_administrator()
    {
        var appService = Caller.FromClientPrincipal(Principals.OrganizationAdminOf($"{Site}/acme", "bad", "a/b/c"))!;
        var staticWebApps = Caller.FromClientPrincipal(Principals.StaticWebApps("pat@example.com", TelephonyClaims.OrganizationAdmin, $"org:{Site}/acme", "org:nope"))!;
        var withoutRole = Caller.FromClientPrincipal(Principals.Header((TelephonyClaims.Organization, $"{Site}/acme")))!;

        Assert.Equal(["acme"], appService.OrganizationsAt(Site));
        Assert.Equal(["acme"], staticWebApps.OrganizationsAt(Site));
        Assert.Empty(withoutRole.OrganizationsAt(Site));
        Assert.Equal(Access.Forbidden, AccessPolicy.Decide(withoutRole, "sites/{siteId}/phone-numbers", Site));
        Assert.Equal(Access.WithinOrganizations, AccessPolicy.Decide(appService, "sites/{siteId}/phone-numbers", Site));
        Assert.Equal(Access.Forbidden, AccessPolicy.Decide(appService, "sites/{siteId}/phone-numbers", "canary-wharf"));
    }

    [Theory]
    [InlineData("OrganizationAdmin:london-bridge/acme", true)]
    [InlineData("OrganizationAdmin:london-bridge/acme,canary-wharf/operator", true)]
    [InlineData("OrganizationAdmin:acme", false)]
    [InlineData("OrganizationAdmin:", false)]
    public void The_development_principal_may_be_an_organization_administrator(string setting, bool valid) =>
        Assert.Equal(valid, !new SecurityOptions { DevelopmentPrincipal = setting }.Problems().Any());

    [Fact]
    public void An_entra_sign_in_maps_organization_claims_to_org_roles_for_organization_administrators_only()
    {
        SignInClaim[] claims = [new("roles", TelephonyClaims.OrganizationAdmin), new(TelephonyClaims.Organization, $"{Site}/acme"), new(TelephonyClaims.Organization, "nope")];

        var roles = SignInRoleMapping.For(new SignInRolesRequest("aad", "u", "pat", claims)).Value;
        var withoutRole = SignInRoleMapping.For(new SignInRolesRequest("aad", "u", "pat", claims.Skip(1).ToList())).Value;

        Assert.Equal([TelephonyClaims.OrganizationAdmin, $"org:{Site}/acme"], roles.Roles);
        Assert.Equal(1, roles.RefusedSites);
        Assert.Empty(withoutRole.Roles);
    }

    private static IEnumerable<string> Actions(JsonNode number) => number["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>());

    private Task<HttpAnswer> ListAsync(string query) =>
        CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), $"/api/sites/{Site}/phone-numbers{query}", null,
            r => _app.Function<PhoneNumberFunctions>().ListPhoneNumbers(r, Site, default));

    private async Task<JsonNode> GetNumberAsync(string principal)
    {
        var answer = await CallAsync(nameof(PhoneNumberFunctions.GetPhoneNumber), $"/api/sites/{Site}/phone-numbers/{AcmeNumbers[0]}", principal,
            r => _app.Function<PhoneNumberFunctions>().GetPhoneNumber(r, Site, AcmeNumbers[0], default));
        Assert.Equal(200, answer.Status);
        return answer.Json;
    }

    private Task<HttpAnswer> CallAsync(string function, string path, string? principal, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<IActionResult>> call)
    {
        var request = HttpCall.Request("GET", path, headers: Principals.As(principal ?? Principal));
        var values = path.Contains("/phone-numbers/+") ? Gate.Values(("siteId", Site), ("number", path.Split('/')[^1])) : Gate.Values(("siteId", Site));
        return _app.Get<SecurityGate>().CallAsync(function, request, values, () => call(request));
    }
}
