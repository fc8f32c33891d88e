using System.Text;
using System.Text.Json;

namespace Telephony.Functions.Security;

/// <summary>The roles and claim types this API reads from the App Service Authentication principal.</summary>
public static class TelephonyClaims
{
    public const string PlatformAdmin = "Telephony.PlatformAdmin";
    public const string Operator = "Telephony.Operator";
    public const string OrganizationAdmin = "Telephony.OrganizationAdmin";

    /// <summary>One claim per site an operator may manage; the value is the site id.</summary>
    public const string Site = "telephony/site";

    /// <summary>The header App Service Authentication (Easy Auth) and Static Web Apps put in front of every authenticated request.</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>
    /// Static Web Apps forwards roles but no claims: an operator's site arrives as the role <c>site:{siteId}</c>, which
    /// the <c>rolesSource</c> function (<see cref="SignInFunctions"/>) gives from the <see cref="Site"/> claims at sign-in
    /// (docs/security.md).
    /// </summary>
    public const string SiteRolePrefix = "site:";

    /// <summary>One claim per organization an organization administrator looks after; the value is <c>{siteId}/{organizationId}</c>.</summary>
    public const string Organization = "telephony/organization";

    /// <summary>Static Web Apps' form of an <see cref="Organization"/> claim: the role <c>org:{siteId}/{organizationId}</c>.</summary>
    public const string OrganizationRolePrefix = "org:";
}

/// <summary>An organization of a site: the operator (<c>operator</c>) or an occupier, as an organization administrator holds it.</summary>
public sealed record OrganizationKey(string SiteId, string OrganizationId)
{
    /// <summary>Reads <c>{siteId}/{organizationId}</c>; null for anything else.</summary>
    public static OrganizationKey? Parse(string value) =>
        value.Split('/') is [var site, var organization] && Telephony.Domain.Common.Ids.IsValid(site) && Telephony.Domain.Common.Ids.IsValid(organization)
            ? new OrganizationKey(site, organization)
            : null;

    public override string ToString() => $"{SiteId}/{OrganizationId}";
}

/// <summary>
/// Who is calling: a platform administrator (every site), an operator of the sites listed, or an organization
/// administrator of the <see cref="Organizations"/> listed (only their numbers).
/// </summary>
public sealed record Caller(string Name, bool IsPlatformAdmin, bool IsOperator, IReadOnlySet<string> Sites)
{
    private static readonly IReadOnlySet<OrganizationKey> NoOrganizations = new HashSet<OrganizationKey>();

    public bool IsOrganizationAdmin { get; init; }

    /// <summary>The organizations named by the principal; they grant something only with <see cref="IsOrganizationAdmin"/>.</summary>
    public IReadOnlySet<OrganizationKey> Organizations { get; init; } = NoOrganizations;

    public bool MayManage(string siteId) => IsPlatformAdmin || (IsOperator && Sites.Contains(siteId));

    /// <summary>The ids of the organizations of <paramref name="siteId"/> this caller administers (none unless an organization administrator).</summary>
    public IReadOnlySet<string> OrganizationsAt(string siteId) =>
        IsOrganizationAdmin
            ? Organizations.Where(o => o.SiteId == siteId).Select(o => o.OrganizationId).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    /// <summary>The sites where this caller administers an organization (none unless an organization administrator).</summary>
    public IEnumerable<string> OrganizationSites => IsOrganizationAdmin ? Organizations.Select(o => o.SiteId).Distinct(StringComparer.Ordinal) : [];

    private Caller WithOrganizations(IReadOnlySet<string> roles, HashSet<OrganizationKey> organizations) =>
        this with { IsOrganizationAdmin = roles.Contains(TelephonyClaims.OrganizationAdmin), Organizations = organizations };

    /// <summary>Adds <c>{siteId}/{organizationId}</c>; a malformed one is dropped rather than refusing the principal, as it grants nothing.</summary>
    private static void AddOrganization(HashSet<OrganizationKey> organizations, string value)
    {
        if (OrganizationKey.Parse(value) is { } organization)
        {
            organizations.Add(organization);
        }
    }

    /// <summary>
    /// The caller named by <c>X-MS-CLIENT-PRINCIPAL</c>, in either format that reaches the API: App Service
    /// Authentication's base64 of <c>{"auth_typ","name_typ","role_typ","claims":[{"typ","val"}]}</c>, or Static Web Apps'
    /// base64 of <c>{"identityProvider","userId","userDetails","userRoles":[…]}</c>. Null when the header is absent or is
    /// neither document, so a malformed principal is treated as none.
    /// </summary>
    public static Caller? FromClientPrincipal(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 32 * 1024)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header.Trim()));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("userRoles", out var userRoles) && !root.TryGetProperty("claims", out _))
            {
                return FromStaticWebAppsPrincipal(root, userRoles);
            }

            if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var roleType = Text(root, "role_typ");
            var nameType = Text(root, "name_typ");
            var roles = new HashSet<string>(StringComparer.Ordinal);
            var sites = new HashSet<string>(StringComparer.Ordinal);
            var organizations = new HashSet<OrganizationKey>();
            string? name = null;
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind != JsonValueKind.Object || Text(claim, "typ") is not { } type || Text(claim, "val") is not { } value)
                {
                    return null;
                }

                var isRole = type == "roles" || (roleType is not null && type == roleType);
                if (isRole && value.StartsWith(TelephonyClaims.OrganizationRolePrefix, StringComparison.Ordinal))
                {
                    AddOrganization(organizations, value[TelephonyClaims.OrganizationRolePrefix.Length..]);
                }
                else if (type == TelephonyClaims.Organization)
                {
                    AddOrganization(organizations, value);
                }
                else if (isRole && value.StartsWith(TelephonyClaims.SiteRolePrefix, StringComparison.Ordinal))
                {
                    // Static Web Apps' site:{siteId} role, should its roles reach the API as role claims.
                    sites.Add(value[TelephonyClaims.SiteRolePrefix.Length..]);
                }
                else if (isRole)
                {
                    roles.Add(value);
                }
                else if (type == TelephonyClaims.Site)
                {
                    sites.Add(value);
                }
                else if (nameType is not null && type == nameType)
                {
                    name = value;
                }
            }

            return new Caller(name ?? "unnamed", roles.Contains(TelephonyClaims.PlatformAdmin), roles.Contains(TelephonyClaims.Operator), sites)
                .WithOrganizations(roles, organizations);
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static Caller? FromStaticWebAppsPrincipal(JsonElement root, JsonElement userRoles)
    {
        if (userRoles.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var roles = new HashSet<string>(StringComparer.Ordinal);
        var sites = new HashSet<string>(StringComparer.Ordinal);
        var organizations = new HashSet<OrganizationKey>();
        foreach (var role in userRoles.EnumerateArray())
        {
            if (role.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var value = role.GetString()!;
            if (value.StartsWith(TelephonyClaims.OrganizationRolePrefix, StringComparison.Ordinal))
            {
                AddOrganization(organizations, value[TelephonyClaims.OrganizationRolePrefix.Length..]);
            }
            else if (value.StartsWith(TelephonyClaims.SiteRolePrefix, StringComparison.Ordinal))
            {
                sites.Add(value[TelephonyClaims.SiteRolePrefix.Length..]);
            }
            else
            {
                roles.Add(value);
            }
        }

        return new Caller(Text(root, "userDetails") ?? "unnamed", roles.Contains(TelephonyClaims.PlatformAdmin), roles.Contains(TelephonyClaims.Operator), sites)
            .WithOrganizations(roles, organizations);
    }

    /// <summary>
    /// The fixed local-development caller of <c>Security__DevelopmentPrincipal</c>: <c>PlatformAdmin</c>, or
    /// <c>Operator:site-a,site-b</c>, or <c>OrganizationAdmin:site-a/acme,site-b/operator</c>. Null for an empty setting;
    /// throws <see cref="FormatException"/> for anything else.
    /// </summary>
    public static Caller? FromDevelopmentSetting(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        if (setting.Trim() == "PlatformAdmin")
        {
            return new Caller("development", true, false, new HashSet<string>());
        }

        if (setting.Trim() is var operatorSetting && operatorSetting.StartsWith("Operator:", StringComparison.Ordinal))
        {
            var sites = operatorSetting["Operator:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (sites.Length > 0 && sites.All(Telephony.Domain.Common.Ids.IsValid))
            {
                return new Caller("development", false, true, sites.ToHashSet(StringComparer.Ordinal));
            }
        }

        if (setting.Trim() is var organizationSetting && organizationSetting.StartsWith("OrganizationAdmin:", StringComparison.Ordinal))
        {
            var organizations = organizationSetting["OrganizationAdmin:".Length..]
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(OrganizationKey.Parse).ToList();
            if (organizations.Count > 0 && organizations.All(o => o is not null))
            {
                return new Caller("development", false, false, new HashSet<string>())
                {
                    IsOrganizationAdmin = true,
                    Organizations = organizations.Select(o => o!).ToHashSet(),
                };
            }
        }

        throw new FormatException("Security__DevelopmentPrincipal must be empty, 'PlatformAdmin', 'Operator:site-a,site-b' or 'OrganizationAdmin:site-a/acme'.");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public static class CallerRequests
{
    /// <summary>The caller <see cref="SecurityGate"/> let in; null when the request did not pass the gate.</summary>
    public static Caller? Caller(this Microsoft.AspNetCore.Http.HttpRequest request) => request.HttpContext.Features.Get<Caller>();

    /// <summary>The organizations the caller's list is narrowed to (an organization administrator's); null: the whole site.</summary>
    public static IReadOnlySet<string>? VisibleOrganizations(this Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.HttpContext.Features.Get<ListNarrowing>()?.OrganizationIds;

    /// <summary>Which of a number's allowed actions its answer offers the caller (<see cref="AccessPolicy.Offers"/>).</summary>
    public static Func<Telephony.Domain.PhoneNumbers.AllowedAction, bool> OfferedActions(this Microsoft.AspNetCore.Http.HttpRequest request, string siteId) =>
        action => AccessPolicy.Offers(request.Caller(), siteId, action);
}
