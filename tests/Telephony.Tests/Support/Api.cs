using Telephony.Functions.Administration;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Sites;

namespace Telephony.Tests.Support;

/// <summary>Calls the function classes the way the Functions host routes the spec's HTTP API to them.</summary>
public sealed class Api(TestApp app)
{
    public const string Site = "london-bridge";

    public async Task<HttpAnswer> ImportAsync(string siteId, string csv, string contentType = "text/csv")
    {
        var request = HttpCall.Request("POST", $"/api/platform/sites/{siteId}/phone-numbers/import", csv, contentType);
        return await (await app.Function<AdministrationFunctions>().ImportPhoneNumbers(request, siteId, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> PutOccupierAsync(string siteId, string occupierId, string json)
    {
        var request = HttpCall.Request("PUT", $"/api/platform/sites/{siteId}/occupiers/{occupierId}", json);
        return await (await app.Function<AdministrationFunctions>().PutOccupier(request, siteId, occupierId, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> PutSettingsAsync(string siteId, string json)
    {
        var request = HttpCall.Request("PUT", $"/api/platform/sites/{siteId}/settings", json);
        return await (await app.Function<AdministrationFunctions>().PutSiteSettings(request, siteId, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> ListAsync(string siteId, string query = "")
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteId}/phone-numbers{query}");
        return await (await app.Function<PhoneNumberFunctions>().ListPhoneNumbers(request, siteId, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> FacetsAsync(string siteId)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteId}/phone-numbers/facets");
        return await (await app.Function<PhoneNumberFunctions>().FacetPhoneNumbers(request, siteId, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> ExportAsync(string siteId, string query = "")
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteId}/phone-numbers/export{query}");
        return await (await app.Function<PhoneNumberFunctions>().ExportPhoneNumbers(request, siteId, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> GetAsync(string siteId, string number)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteId}/phone-numbers/{number}");
        return await (await app.Function<PhoneNumberFunctions>().GetPhoneNumber(request, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> AllocateAsync(string siteId, string number, string? json, IDictionary<string, string>? headers = null)
    {
        var request = HttpCall.Request("POST", $"/api/sites/{siteId}/phone-numbers/{number}/allocate", json, headers: headers);
        return await (await app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> DeallocateAsync(string siteId, string number, IDictionary<string, string>? headers = null)
    {
        var request = HttpCall.Request("POST", $"/api/sites/{siteId}/phone-numbers/{number}/deallocate", headers: headers);
        return await (await app.Function<PhoneNumberFunctions>().DeallocatePhoneNumber(request, siteId, number, default)).ExecuteAsync(request);
    }

    /// <summary>A site with the given numbers (+4420712345NN for each NN), all AVAILABLE, and an occupier "acme".</summary>
    public async Task SeedAsync(string siteId = Site, int count = 5, string? extraRows = null)
    {
        var rows = Enumerable.Range(0, count).Select(i => $"+44207123{4500 + i},{4500 + i},London 0207 123 45xx,false,,false,");
        var import = await ImportAsync(siteId, "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n" + string.Join("\n", rows) + (extraRows is null ? "" : "\n" + extraRows));
        Assert.Equal(200, import.Status);
        Assert.Equal(201, (await PutOccupierAsync(siteId, "acme", """{"name":"Acme Ltd","voiceServices":2}""")).Status);
    }

    public static string Number(int i) => $"+44207123{4500 + i}";
}

/// <summary>The routes about sites, called through the security gate as a signed-in caller (they read who is calling).</summary>
public sealed class SiteApi(TestApp app)
{
    public Task<HttpAnswer> MeAsync(string principal) =>
        CallAsync(principal, "/api/me", nameof(SiteFunctions.GetMe), Security.Gate.Values(), r => Task.FromResult(app.Function<SiteFunctions>().GetMe(r)));

    public Task<HttpAnswer> SitesAsync(string principal, string query = "") =>
        CallAsync(principal, "/api/sites" + query, nameof(SiteFunctions.ListSites), Security.Gate.Values(), r => app.Function<SiteFunctions>().ListSites(r, default));

    public Task<HttpAnswer> SiteAsync(string principal, string siteId) =>
        CallAsync(principal, $"/api/sites/{siteId}", nameof(SiteFunctions.GetSite), Security.Gate.Values(("siteId", siteId)),
            r => app.Function<SiteFunctions>().GetSite(r, siteId, default));

    public Task<HttpAnswer> OrganizationsAsync(string principal, string siteId) =>
        CallAsync(principal, $"/api/sites/{siteId}/organizations", nameof(SiteFunctions.ListOrganizations), Security.Gate.Values(("siteId", siteId)),
            r => app.Function<SiteFunctions>().ListOrganizations(r, siteId, default));

    public Task<HttpAnswer> OrganizationAsync(string principal, string siteId, string organizationId) =>
        CallAsync(principal, $"/api/sites/{siteId}/organizations/{organizationId}", nameof(SiteFunctions.GetOrganization),
            Security.Gate.Values(("siteId", siteId), ("organizationId", organizationId)),
            r => app.Function<SiteFunctions>().GetOrganization(r, siteId, organizationId, default));

    public Task<HttpAnswer> OverviewAsync(string principal, string siteId) =>
        CallAsync(principal, $"/api/sites/{siteId}/overview", nameof(SiteFunctions.GetSiteOverview), Security.Gate.Values(("siteId", siteId)),
            r => app.Function<SiteFunctions>().GetSiteOverview(r, siteId, default));

    private Task<HttpAnswer> CallAsync(
        string principal, string path, string function, IReadOnlyDictionary<string, object?> values,
        Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call)
    {
        var request = HttpCall.Request("GET", path, headers: Security.Principals.As(principal));
        return Security.Gate.CallAsync(app.Get<Functions.Security.SecurityGate>(), function, request, values, () => call(request));
    }
}
