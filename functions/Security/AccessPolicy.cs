using Telephony.Domain.Activation;
using Telephony.Domain.Common;

namespace Telephony.Functions.Security;

/// <summary>What a route needs of its caller, read from its template alone so a route added later is covered.</summary>
public enum RouteScope
{
    /// <summary><c>platform/…</c>, and any route this policy does not know: platform administrators only (fail closed).</summary>
    PlatformAdmin,

    /// <summary>A route with <c>{siteId}</c>: administrators, and operators holding that site's claim.</summary>
    Site,

    /// <summary>A route naming a resource whose site is known only once it is read (an operation).</summary>
    SiteAfterRead,

    /// <summary>A route about the caller (<c>me</c>, <c>sites</c>): any signed-in caller; the answer shows only what they may see.</summary>
    SignedIn,

    /// <summary>
    /// Static Web Apps' <c>rolesSource</c>, called by the platform during a sign-in, before there is a principal. Its answer
    /// follows from the posted claims alone and grants nothing by itself; on Azure only the Static Web App reaches it.
    /// </summary>
    SignIn,
}

public enum Access
{
    Allowed,
    Unauthenticated,
    Forbidden,
}

/// <summary>
/// Who may call which route. Decided from the caller, the route template and the route's site id, before anything is
/// read from storage, so an operator asking about another site's number gets the same 403 whether it exists or not.
/// </summary>
public static class AccessPolicy
{
    /// <summary>
    /// Routes without a site whose answer carries one. An operator reaches the function, and an answer about another
    /// site's resource is replaced by the answer for an unknown one (404), so ids of other sites' operations leak nothing.
    /// </summary>
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, object?>, DomainError>> SiteAfterReadRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["operations/{operationId}"] = values => Errors.OperationNotFound(values.TryGetValue("operationId", out var id) ? id?.ToString() ?? "" : ""),
    };

    /// <summary>Routes every signed-in caller may call: their answer is cut down to the caller's own sites by the function.</summary>
    private static readonly HashSet<string> SignedInRoutes = new(StringComparer.OrdinalIgnoreCase) { "me", "sites" };

    /// <summary>The one route called while a user signs in (<see cref="RouteScope.SignIn"/>).</summary>
    public const string SignInRolesRoute = "sign-in/roles";

    public static RouteScope ScopeOf(string routeTemplate)
    {
        var route = routeTemplate.Trim('/');
        if (route.Equals(SignInRolesRoute, StringComparison.OrdinalIgnoreCase))
        {
            return RouteScope.SignIn;
        }

        if (SignedInRoutes.Contains(route))
        {
            return RouteScope.SignedIn;
        }

        if (route.StartsWith("platform/", StringComparison.OrdinalIgnoreCase))
        {
            return RouteScope.PlatformAdmin;
        }

        if (route.Split('/').Contains("{siteId}", StringComparer.OrdinalIgnoreCase))
        {
            return RouteScope.Site;
        }

        return SiteAfterReadRoutes.ContainsKey(route) ? RouteScope.SiteAfterRead : RouteScope.PlatformAdmin;
    }

    public static Access Decide(Caller? caller, string routeTemplate, string? siteId)
    {
        if (ScopeOf(routeTemplate) == RouteScope.SignIn)
        {
            return Access.Allowed;
        }

        if (caller is null)
        {
            return Access.Unauthenticated;
        }

        if (caller.IsPlatformAdmin || ScopeOf(routeTemplate) == RouteScope.SignedIn)
        {
            return Access.Allowed;
        }

        if (!caller.IsOperator)
        {
            return Access.Forbidden;
        }

        return ScopeOf(routeTemplate) switch
        {
            RouteScope.Site when siteId is not null && caller.MayManage(siteId) => Access.Allowed,
            RouteScope.SiteAfterRead => Access.Allowed,
            _ => Access.Forbidden,
        };
    }

    /// <summary>The answer an operator gets for another site's resource on a <see cref="RouteScope.SiteAfterRead"/> route.</summary>
    public static DomainError NotVisible(string routeTemplate, IReadOnlyDictionary<string, object?> routeValues) =>
        SiteAfterReadRoutes.TryGetValue(routeTemplate.Trim('/'), out var answer)
            ? answer(routeValues)
            : Errors.Forbidden();
}

/// <summary>The refusals of authentication and authorization, with their stable codes.</summary>
public static class AccessErrors
{
    public static DomainError For(Access access) => access == Access.Unauthenticated ? Errors.Unauthenticated() : Errors.Forbidden();
}
