using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Domain.Common;
using Telephony.Functions.Http;
using Telephony.Functions.Idempotency;

namespace Telephony.Functions.Security;

/// <summary>
/// The one check in front of every HTTP function: who is calling (<see cref="Caller"/>), whether the route allows them
/// (<see cref="AccessPolicy"/>), the Idempotency-Key of POST commands, and, on routes whose site is known only after
/// the read, whether the answer is about one of the caller's sites.
/// </summary>
public sealed class SecurityGate
{
    /// <summary>host.json <c>extensions.http.routePrefix</c>.</summary>
    private const string RoutePrefix = "/api";

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> SiteIdProperties = new();

    private readonly IdempotentCommands _idempotency;
    private readonly ILogger<SecurityGate> _logger;
    private readonly Caller? _developmentCaller;
    private readonly bool _frontDoorMissing;

    public SecurityGate(IdempotentCommands idempotency, IOptions<SecurityOptions> options, ILogger<SecurityGate> logger)
    {
        _idempotency = idempotency;
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
        var siteId = SiteIdOf(route, routeValues, http.Request);
        // Where the deployment requires App Service Authentication and it is off, no principal is believed (docs/security.md).
        var access = _frontDoorMissing ? Access.Unauthenticated : AccessPolicy.Decide(caller, route.Route, siteId);
        if (access != Access.Allowed)
        {
            _logger.LogWarning("{Access}: {Caller} may not call {Function} for site {SiteId}", access, caller?.Name ?? "anonymous", route.FunctionName, siteId);
            return Problems.For(AccessErrors.For(access), http.Request);
        }

        http.Features.Set(caller);
        // Every change the function makes is attributed to the caller (see CurrentActor); the sign-in route has none.
        using var acting = caller is null ? null : CurrentActor.Begin(Actor.User(caller.Name));

        Func<Task<IActionResult?>> answer = AccessPolicy.ScopeOf(route.Route) == RouteScope.SiteAfterRead && !caller!.IsPlatformAdmin
            ? async () => HideOtherSites(await function(), caller, route, routeValues, http.Request)
            : function;

        return HttpMethods.IsPost(http.Request.Method)
            ? await _idempotency.RunAsync(http.Request, siteId, route.KeyInNumberTransaction, answer)
            : await answer();
    }

    /// <summary>
    /// The route's site id, from the function's binding data; read from the path against the template should the
    /// binding data lack it, so a route with <c>{siteId}</c> is never judged without one.
    /// </summary>
    private static string? SiteIdOf(FunctionRoute route, IReadOnlyDictionary<string, object?> routeValues, HttpRequest request)
    {
        if (routeValues.TryGetValue("siteId", out var site) && site?.ToString() is { } siteId)
        {
            return siteId;
        }

        if (!route.Route.Contains("{siteId}", StringComparison.OrdinalIgnoreCase) || !request.Path.StartsWithSegments(RoutePrefix, out var path))
        {
            return null;
        }

        var values = new RouteValueDictionary();
        return new TemplateMatcher(TemplateParser.Parse(route.Route), new RouteValueDictionary()).TryMatch(path, values)
            ? values["siteId"]?.ToString()
            : null;
    }

    private static IActionResult? HideOtherSites(
        IActionResult? result, Caller caller, FunctionRoute route, IReadOnlyDictionary<string, object?> routeValues, HttpRequest request)
    {
        if (result is not JsonBodyResult { StatusCode: < 300, Value: { } value })
        {
            return result;
        }

        var siteId = SiteIdProperties.GetOrAdd(value.GetType(), t => t.GetProperty("SiteId", typeof(string)))?.GetValue(value) as string;
        return siteId is not null && caller.MayManage(siteId)
            ? result
            : Problems.For(AccessPolicy.NotVisible(route.Route, routeValues), request);
    }
}
