using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.Idempotency;

namespace Telephony.Functions.Security;

/// <summary>
/// The one check in front of every HTTP function: who is calling (<see cref="Caller"/>), whether the route allows them
/// (<see cref="AccessPolicy"/>), the Idempotency-Key of POST commands, and, on routes whose site is known only after
/// the read, whether the answer is about one of the caller's sites. An organization administrator is held to their own
/// numbers here (<see cref="OrganizationReach"/>), before the function runs or in the query it makes.
/// </summary>
public sealed class SecurityGate
{
    /// <summary>host.json <c>extensions.http.routePrefix</c>.</summary>
    private const string RoutePrefix = "/api";

    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> AnswerProperties = new();

    private readonly IdempotentCommands _idempotency;
    private readonly PhoneNumberQueries _numbers;
    private readonly ILogger<SecurityGate> _logger;
    private readonly Caller? _developmentCaller;
    private readonly bool _frontDoorMissing;

    public SecurityGate(IdempotentCommands idempotency, PhoneNumberQueries numbers, IOptions<SecurityOptions> options, ILogger<SecurityGate> logger)
    {
        _idempotency = idempotency;
        _numbers = numbers;
        _logger = logger;
        _developmentCaller = Caller.FromDevelopmentSetting(options.Value.DevelopmentPrincipal);
        _frontDoorMissing = options.Value.FrontDoorMissing;
    }

    public async Task<IActionResult?> RunAsync(
        HttpContext http, FunctionRoute route, IReadOnlyDictionary<string, object?> routeValues, Func<Task<IActionResult?>> function)
    {
        // The development caller stands in only for a request without the header: one that cannot be read is nobody (401).
        var principal = http.Request.Headers[TelephonyClaims.PrincipalHeader];
        var caller = principal.Count == 0 ? _developmentCaller : Caller.FromClientPrincipal(principal);
        var siteId = RouteValueOf("siteId", route, routeValues, http.Request);
        // Where the deployment requires App Service Authentication and it is off, no principal is believed (docs/security.md).
        var access = _frontDoorMissing ? Access.Unauthenticated : AccessPolicy.Decide(caller, route.Route, siteId, http.Request.Method);
        if (access is not (Access.Allowed or Access.WithinOrganizations))
        {
            _logger.LogWarning("{Access}: {Caller} may not call {Function} for site {SiteId}", access, caller?.Name ?? "anonymous", route.FunctionName, siteId);
            return Problems.For(AccessErrors.For(access), http.Request);
        }

        http.Features.Set(caller);
        // Every change the function makes is attributed to the caller (see CurrentActor); the sign-in route has none.
        using var acting = caller is null
            ? null
            : CurrentActor.Begin(Actor.User(caller.Name) with { Role = access == Access.WithinOrganizations ? Actor.OrganizationAdminRole : null });

        Func<Task<IActionResult?>> answer = AccessPolicy.ScopeOf(route.Route) == RouteScope.SiteAfterRead && !caller!.IsPlatformAdmin
            ? async () => await HideOtherSitesAsync(await function(), caller, route, routeValues, http.Request)
            : function;
        if (access == Access.WithinOrganizations && siteId is not null)
        {
            var refused = await WithinOrganizationsAsync(http.Request, caller!, route, routeValues, siteId);
            if (refused is not null)
            {
                return refused;
            }

            if (http.Features.Get<ListNarrowing>() is { } narrowing)
            {
                var unnarrowed = answer;
                answer = async () =>
                {
                    var result = await unnarrowed();
                    return narrowing.Applied ? result : NarrowingIgnored(route, http.Request);
                };
            }
        }

        return HttpMethods.IsPost(http.Request.Method)
            ? await _idempotency.RunAsync(http.Request, siteId, route.KeyInNumberTransaction, answer)
            : await answer();
    }

    /// <summary>
    /// A value of the route (<c>siteId</c>, <c>number</c>), from the function's binding data; read from the path against
    /// the template should the binding data lack it, so a route with <c>{siteId}</c> is never judged without one.
    /// </summary>
    private static string? RouteValueOf(string name, FunctionRoute route, IReadOnlyDictionary<string, object?> routeValues, HttpRequest request)
    {
        if (routeValues.TryGetValue(name, out var given) && given?.ToString() is { } value)
        {
            return value;
        }

        if (!route.Route.Contains("{" + name + "}", StringComparison.OrdinalIgnoreCase) || !request.Path.StartsWithSegments(RoutePrefix, out var path))
        {
            return null;
        }

        var values = new RouteValueDictionary();
        return new TemplateMatcher(TemplateParser.Parse(route.Route), new RouteValueDictionary()).TryMatch(path, values)
            ? values[name]?.ToString()
            : null;
    }

    /// <summary>
    /// An organization administrator's call, held to their organizations at the site: null to go on (a list then carries
    /// its <see cref="ListNarrowing"/>), or the refusal. Another organization's number or organization is not found, as
    /// one that does not exist.
    /// </summary>
    private async Task<IActionResult?> WithinOrganizationsAsync(
        HttpRequest request, Caller caller, FunctionRoute route, IReadOnlyDictionary<string, object?> routeValues, string siteId)
    {
        var organizations = caller.OrganizationsAt(siteId);
        switch (AccessPolicy.OrganizationReachOf(request.Method, route.Route))
        {
            case OrganizationReach.Site:
                return null;
            case OrganizationReach.NarrowedList:
                request.HttpContext.Features.Set(new ListNarrowing(organizations));
                return null;
            case OrganizationReach.OwnNumber when RouteValueOf("number", route, routeValues, request) is { } number:
                var held = await _numbers.HolderAsync(siteId, number, request.HttpContext.RequestAborted);
                if (!held.IsSuccess)
                {
                    return Problems.For(held.Error!, request);
                }

                return held.Value.OrganizationId is { } holder && organizations.Contains(holder)
                    ? null
                    : Problems.For(Errors.NumberNotFound(held.Value.Number), request);
            case OrganizationReach.OwnOrganization when RouteValueOf("organizationId", route, routeValues, request) is { } organizationId:
                return organizations.Contains(organizationId) ? null : Problems.For(Errors.OccupierNotFound(organizationId), request);
            default:
                return Problems.For(Errors.Forbidden(), request);
        }
    }

    /// <summary>A narrowed route whose function did not read its narrowing: its answer could show other organizations' numbers.</summary>
    private IActionResult NarrowingIgnored(FunctionRoute route, HttpRequest request)
    {
        _logger.LogError("{Function} answered an organization administrator without narrowing its list to their organizations", route.FunctionName);
        return Problems.For(Errors.Forbidden(), request);
    }

    /// <summary>
    /// The answer of a route whose site is known once read, when it is about one of the caller's sites or, for an
    /// organization administrator, about a number of their organizations; otherwise the answer for an unknown resource.
    /// </summary>
    private async Task<IActionResult?> HideOtherSitesAsync(
        IActionResult? result, Caller caller, FunctionRoute route, IReadOnlyDictionary<string, object?> routeValues, HttpRequest request)
    {
        if (result is not JsonBodyResult { StatusCode: < 300, Value: { } value })
        {
            return result;
        }

        var siteId = AnswerText(value, "SiteId");
        if (siteId is not null && caller.MayManage(siteId))
        {
            return result;
        }

        if (siteId is not null && AnswerText(value, "Number") is { } number && caller.OrganizationsAt(siteId) is { Count: > 0 } organizations)
        {
            var held = await _numbers.HolderAsync(siteId, number, request.HttpContext.RequestAborted);
            if (held.IsSuccess && held.Value.OrganizationId is { } holder && organizations.Contains(holder))
            {
                return result;
            }
        }

        return Problems.For(AccessPolicy.NotVisible(route.Route, routeValues), request);
    }

    private static string? AnswerText(object value, string property) =>
        AnswerProperties.GetOrAdd((value.GetType(), property), key => key.Item1.GetProperty(key.Item2, typeof(string)))?.GetValue(value) as string;
}

/// <summary>
/// The organizations a narrowed list is cut to (<see cref="OrganizationReach.NarrowedList"/>), put on the request by
/// <see cref="SecurityGate"/> for the function to pass to its query. The gate refuses the answer of a function that
/// did not read it.
/// </summary>
public sealed class ListNarrowing(IReadOnlySet<string> organizationIds)
{
    public bool Applied { get; private set; }

    public IReadOnlySet<string> OrganizationIds
    {
        get
        {
            Applied = true;
            return organizationIds;
        }
    }
}
