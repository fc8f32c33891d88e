using System.Text.Json.Serialization;
using Telephony.Domain.Common;

namespace Telephony.Functions.Security;

/// <summary>
/// What Static Web Apps posts to its <c>rolesSource</c> function after each sign-in: the user and the identity
/// provider's claims. Fields it may add later are skipped rather than refused: the body is the platform's, not a
/// caller's, and an unknown field must not stop every sign-in. The <c>accessToken</c> is never read or logged.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record SignInRolesRequest(string? IdentityProvider, string? UserId, string? UserDetails, IReadOnlyList<SignInClaim>? Claims);

public sealed record SignInClaim(string? Typ, string? Val);

/// <summary>The answer Static Web Apps expects: the custom roles to add to the user's <c>userRoles</c>.</summary>
public sealed record SignInRolesResponse(IReadOnlyList<string> Roles);

/// <summary>The roles a Microsoft Entra sign-in gives, and how many site or organization claims were not ids and gave none.</summary>
public sealed record SignInRoles(IReadOnlyList<string> Roles, int RefusedSites);

/// <summary>
/// Maps the claims of a Microsoft Entra sign-in to the Static Web Apps roles this API reads (<see cref="Caller"/>): the
/// app roles <c>Telephony.PlatformAdmin</c>, <c>Telephony.Operator</c> and <c>Telephony.OrganizationAdmin</c> as they
/// are; for an operator each <c>telephony/site</c> claim as the role <c>site:{siteId}</c>; for an organization
/// administrator each <c>telephony/organization</c> claim as the role <c>org:{siteId}/{organizationId}</c>. Nothing else
/// becomes a role, and no other identity provider gives any.
/// </summary>
public static class SignInRoleMapping
{
    public const string EntraProvider = "aad";
    public const int MaxClaims = 500;

    /// <summary>The claim types Entra ID's app roles arrive as, short and long.</summary>
    private static readonly HashSet<string> RoleClaimTypes = new(StringComparer.Ordinal)
    {
        "roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
    };

    private static readonly string[] TelephonyRoles = [TelephonyClaims.PlatformAdmin, TelephonyClaims.Operator, TelephonyClaims.OrganizationAdmin];

    public static Result<SignInRoles> For(SignInRolesRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.IdentityProvider))
        {
            return Errors.InvalidRequest("identityProvider is required.");
        }

        if (request.Claims is not { } claims)
        {
            return Errors.InvalidRequest("claims is required: the identity provider's claims, as an array of {\"typ\",\"val\"}.");
        }

        if (claims.Count > MaxClaims)
        {
            return Errors.InvalidRequest($"At most {MaxClaims} claims are read; this sign-in has {claims.Count}.");
        }

        for (var i = 0; i < claims.Count; i++)
        {
            if (claims[i] is not { Typ: not null, Val: not null })
            {
                return Errors.InvalidRequest($"claims[{i}] needs a string typ and a string val.");
            }
        }

        if (request.IdentityProvider != EntraProvider)
        {
            return new SignInRoles([], 0);
        }

        var roles = claims.Where(c => RoleClaimTypes.Contains(c.Typ!)).Select(c => c.Val!).Intersect(TelephonyRoles, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var siteClaims = roles.Contains(TelephonyClaims.Operator)
            ? claims.Where(c => c.Typ == TelephonyClaims.Site).Select(c => c.Val!).ToList()
            : [];
        var sites = siteClaims.Where(Ids.IsValid).Select(site => TelephonyClaims.SiteRolePrefix + site);
        var organizationClaims = roles.Contains(TelephonyClaims.OrganizationAdmin)
            ? claims.Where(c => c.Typ == TelephonyClaims.Organization).Select(c => c.Val!).ToList()
            : [];
        var organizations = organizationClaims.Select(OrganizationKey.Parse).OfType<OrganizationKey>()
            .Select(organization => TelephonyClaims.OrganizationRolePrefix + organization);

        return new SignInRoles(
            roles.Concat(sites).Concat(organizations).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            siteClaims.Count(s => !Ids.IsValid(s)) + organizationClaims.Count(o => OrganizationKey.Parse(o) is null));
    }
}
