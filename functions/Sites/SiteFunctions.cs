using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;
using Telephony.Functions.Http;
using Telephony.Functions.Security;

namespace Telephony.Functions.Sites;

/// <summary>What the page's header, overview and allocate dialog read: the caller, the sites, a site's settings, overview and organizations.</summary>
public sealed class SiteFunctions(SiteQueries sites, SiteRegistryReconciliation registry)
{
    /// <summary>Registers sites the registry lacks and repairs number counts, on <c>SiteRegistryReconcileSchedule</c> (daily: <c>0 45 2 * * *</c>).</summary>
    [Function(nameof(ReconcileSiteRegistry))]
    public Task ReconcileSiteRegistry([TimerTrigger("%SiteRegistryReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        registry.RunAsync(cancellationToken);

    [Function(nameof(GetMe))]
    public IActionResult GetMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request) =>
        request.Caller() is { } caller
            ? new JsonBodyResult(MeResponse.From(caller))
            : Problems.For(Errors.Unauthenticated(), request);

    [Function(nameof(ListSites))]
    public async Task<IActionResult> ListSites(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sites")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Caller() is not { } caller)
        {
            return Problems.For(Errors.Unauthenticated(), request);
        }

        var pageSize = PageSizes.Read(request.Query["pageSize"], SiteQueries.DefaultPageSize, SiteQueries.MaxPageSize);
        if (!pageSize.IsSuccess)
        {
            return Problems.For(pageSize.Error!, request);
        }

        var after = OpaqueToken.Read(request.Query["continuationToken"], 128, Ids.IsValid);
        if (!after.IsSuccess)
        {
            return Problems.For(after.Error!, request);
        }

        var page = await sites.ListAsync(caller.IsPlatformAdmin ? null : caller.Sites, pageSize.Value, after.Value, cancellationToken);
        return page.Answer(request, p => new JsonBodyResult(new SiteListResponse(
            p.Items.Select(s => new SiteListItem(s.SiteId, s.DisplayName, s.Numbers)).ToList(), OpaqueToken.Encode(p.After))));
    }

    [Function(nameof(GetSite))]
    public async Task<IActionResult> GetSite(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sites/{siteId}")] HttpRequest request, string siteId, CancellationToken cancellationToken)
    {
        var site = await sites.GetAsync(siteId, cancellationToken);
        return site.Answer(request, s => new JsonBodyResult(s));
    }

    [Function(nameof(ListOrganizations))]
    public async Task<IActionResult> ListOrganizations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sites/{siteId}/organizations")] HttpRequest request, string siteId, CancellationToken cancellationToken)
    {
        var organizations = await sites.OrganizationsAsync(siteId, cancellationToken);
        return organizations.Answer(request, o => new JsonBodyResult(new OrganizationListResponse(o.Select(OrganizationItem.From).ToList())));
    }

    [Function(nameof(GetOrganization))]
    public async Task<IActionResult> GetOrganization(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sites/{siteId}/organizations/{organizationId}")] HttpRequest request,
        string siteId, string organizationId, CancellationToken cancellationToken)
    {
        var organization = await sites.OrganizationAsync(siteId, organizationId, cancellationToken);
        return organization.Answer(request, o => new JsonBodyResult(OrganizationSummaryItem.From(o)));
    }

    [Function(nameof(GetSiteOverview))]
    public async Task<IActionResult> GetSiteOverview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sites/{siteId}/overview")] HttpRequest request, string siteId, CancellationToken cancellationToken)
    {
        var overview = await sites.OverviewAsync(siteId, cancellationToken);
        return overview.Answer(request, o => new JsonBodyResult(OverviewResponse.From(o)));
    }
}

/// <param name="Sites">The sites an operator holds claims for; null for a platform administrator (every site).</param>
public sealed record MeResponse(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string>? Sites)
{
    public static MeResponse From(Caller caller) => new(
        caller.Name,
        new[] { (caller.IsPlatformAdmin, TelephonyClaims.PlatformAdmin), (caller.IsOperator, TelephonyClaims.Operator) }
            .Where(r => r.Item1).Select(r => r.Item2).ToList(),
        caller.IsPlatformAdmin ? null : caller.Sites.Order(StringComparer.Ordinal).ToList());
}

public sealed record SiteListResponse(IReadOnlyList<SiteListItem> Items, string? ContinuationToken);

public sealed record SiteListItem(string SiteId, string Name, long Numbers);

public sealed record OrganizationListResponse(IReadOnlyList<OrganizationItem> Items);

public sealed record OrganizationItem(
    string OrganizationId, string Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber)
{
    public static OrganizationItem From(OrganizationView o) => new(
        o.OrganizationId, KindOf(o), o.Name, o.VoiceServices, o.VoiceServicesInUse, o.MainNumber);

    public static string KindOf(OrganizationView o) => o.Kind == OrganizationKind.Operator ? "operator" : "occupier";
}

/// <summary>An organization as the organizations route lists it, with its numbers' counts per status.</summary>
public sealed record OrganizationSummaryItem(
    string OrganizationId, string Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber,
    int Numbers, IReadOnlyDictionary<string, int> Statuses)
{
    public static OrganizationSummaryItem From(OrganizationSummary s) => new(
        s.Organization.OrganizationId, OrganizationItem.KindOf(s.Organization), s.Organization.Name, s.Organization.VoiceServices,
        s.Organization.VoiceServicesInUse, s.Organization.MainNumber, s.Numbers, Wire(s.Statuses));

    /// <summary>Keyed by the API's status codes, in the statuses' order, as the facets are.</summary>
    public static IReadOnlyDictionary<string, int> Wire(IReadOnlyDictionary<PhoneNumberStatus, int> statuses) =>
        statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToWire(), s => s.Value);
}

public sealed record OverviewResponse(
    string SiteId, string Name, string OperatorName, int Total, IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyList<OrganizationSummaryItem> Organizations, CoolingOffResponse CoolingOff)
{
    public static OverviewResponse From(SiteOverview o) => new(
        o.Site.SiteId, o.Site.Name, o.Site.OperatorName, o.Total, OrganizationSummaryItem.Wire(o.Statuses),
        o.Organizations.Select(OrganizationSummaryItem.From).ToList(),
        new CoolingOffResponse(
            o.CoolingOffWeeks.Select(w => new CoolingOffWeekResponse(w.WeekStarting.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.Count)).ToList(),
            o.CoolingOffLater));
}

/// <param name="Later">COOLDOWN numbers whose cooling-off ends after the last week.</param>
public sealed record CoolingOffResponse(IReadOnlyList<CoolingOffWeekResponse> Weeks, int Later);

/// <param name="WeekStarting">A UTC date; the week runs 7 days from its start.</param>
public sealed record CoolingOffWeekResponse(string WeekStarting, int Count);
