using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

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

    /// <summary>An organization administrator, within what <see cref="AccessPolicy.OrganizationReachOf"/> says of the route.</summary>
    WithinOrganizations,
}

/// <summary>What an organization administrator may do on a route of a site where they hold an organization.</summary>
public enum OrganizationReach
{
    /// <summary>Nothing (403): every route not placed in <see cref="AccessPolicy"/>'s table, so a route added later is closed to them.</summary>
    Forbidden,

    /// <summary>A read of the site's numbers or activity, cut in its query to their organizations' numbers whatever filter is sent.</summary>
    NarrowedList,

    /// <summary>One number of their organizations'; another's is answered as an unknown number (404).</summary>
    OwnNumber,

    /// <summary>One of their organizations; another is answered as an unknown one (404).</summary>
    OwnOrganization,

    /// <summary>The site's settings (its name and region), which their view shows.</summary>
    Site,
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

    private const string Number = "sites/{siteId}/phone-numbers/{number}";

    /// <summary>
    /// What an organization administrator may do, by method and route template (rule 13). A route missing here is
    /// <see cref="OrganizationReach.Forbidden"/>: allocate, deallocate, voice services, bulk, the overview, the
    /// organizations' list and every <c>platform/</c> route are.
    /// </summary>
    private static readonly Dictionary<string, OrganizationReach> OrganizationAdminRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET sites/{siteId}"] = OrganizationReach.Site,
        ["GET sites/{siteId}/phone-numbers"] = OrganizationReach.NarrowedList,
        ["GET sites/{siteId}/phone-numbers/facets"] = OrganizationReach.NarrowedList,
        ["GET sites/{siteId}/phone-numbers/export"] = OrganizationReach.NarrowedList,
        ["GET sites/{siteId}/activity"] = OrganizationReach.NarrowedList,
        ["GET " + Number] = OrganizationReach.OwnNumber,
        ["GET " + Number + "/history"] = OrganizationReach.OwnNumber,
        ["POST " + Number + "/activate"] = OrganizationReach.OwnNumber,
        ["POST " + Number + "/deactivate"] = OrganizationReach.OwnNumber,
        ["POST " + Number + "/assign"] = OrganizationReach.OwnNumber,
        ["POST " + Number + "/unassign"] = OrganizationReach.OwnNumber,
        ["GET " + Number + "/configuration"] = OrganizationReach.OwnNumber,
        ["PUT " + Number + "/configuration"] = OrganizationReach.OwnNumber,
        ["PUT " + Number + "/pin"] = OrganizationReach.OwnNumber,
        ["GET sites/{siteId}/organizations/{organizationId}"] = OrganizationReach.OwnOrganization,
    };

    public static OrganizationReach OrganizationReachOf(string method, string routeTemplate) =>
        OrganizationAdminRoutes.GetValueOrDefault(method.ToUpperInvariant() + " " + routeTemplate.Trim('/'), OrganizationReach.Forbidden);

    /// <summary>
    /// Whether a number's answer offers <paramref name="action"/> to the caller at <paramref name="siteId"/>: the
    /// domain's allowed actions, less the commands the caller may not send (an organization administrator never
    /// allocates or deallocates).
    /// </summary>
    public static bool Offers(Caller? caller, string siteId, AllowedAction action) =>
        caller is null || caller.MayManage(siteId) ||
        OrganizationReachOf("POST", Number + "/" + action.ToWire()) == OrganizationReach.OwnNumber;

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

    /// <param name="method">The request's method: what an organization administrator may do depends on it.</param>
    public static Access Decide(Caller? caller, string routeTemplate, string? siteId, string method = "GET")
    {
        var scope = ScopeOf(routeTemplate);
        if (scope == RouteScope.SignIn)
        {
            return Access.Allowed;
        }

        if (caller is null)
        {
            return Access.Unauthenticated;
        }

        if (caller.IsPlatformAdmin || scope == RouteScope.SignedIn)
        {
            return Access.Allowed;
        }

        if (caller.IsOperator && scope switch
            {
                RouteScope.Site => siteId is not null && caller.MayManage(siteId),
                RouteScope.SiteAfterRead => true,
                _ => false,
            })
        {
            return Access.Allowed;
        }

        var organizationAdmin = caller.IsOrganizationAdmin && scope switch
        {
            RouteScope.Site => siteId is not null && caller.OrganizationsAt(siteId).Count > 0 &&
                               OrganizationReachOf(method, routeTemplate) != OrganizationReach.Forbidden,
            RouteScope.SiteAfterRead => caller.Organizations.Count > 0,
            _ => false,
        };
        return organizationAdmin ? Access.WithinOrganizations : Access.Forbidden;
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
