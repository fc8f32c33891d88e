using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;
using Telephony.Functions.Http;
using Telephony.Functions.Security;

namespace Telephony.Functions.Sites;

/// <summary>What the page's header and allocate dialog read: the caller, the sites, a site's settings and organizations.</summary>
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
            p.Items.Select(s => new SiteListItem(s.SiteId, s.Numbers)).ToList(), OpaqueToken.Encode(p.After))));
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

public sealed record SiteListItem(string SiteId, long Numbers);

public sealed record OrganizationListResponse(IReadOnlyList<OrganizationItem> Items);

public sealed record OrganizationItem(
    string OrganizationId, string Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber)
{
    public static OrganizationItem From(OrganizationView o) => new(
        o.OrganizationId, o.Kind == OrganizationKind.Operator ? "operator" : "occupier", o.Name, o.VoiceServices, o.VoiceServicesInUse, o.MainNumber);
}
