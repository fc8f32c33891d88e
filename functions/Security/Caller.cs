using System.Text;
using System.Text.Json;

namespace Telephony.Functions.Security;

/// <summary>The roles and claim types this API reads from the App Service Authentication principal.</summary>
public static class TelephonyClaims
{
    public const string PlatformAdmin = "Telephony.PlatformAdmin";
    public const string Operator = "Telephony.Operator";

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
}

/// <summary>Who is calling: a platform administrator (every site), or an operator of the sites listed.</summary>
public sealed record Caller(string Name, bool IsPlatformAdmin, bool IsOperator, IReadOnlySet<string> Sites)
{
    public bool MayManage(string siteId) => IsPlatformAdmin || (IsOperator && Sites.Contains(siteId));

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
            string? name = null;
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind != JsonValueKind.Object || Text(claim, "typ") is not { } type || Text(claim, "val") is not { } value)
                {
                    return null;
                }

                if ((type == "roles" || (roleType is not null && type == roleType)) && value.StartsWith(TelephonyClaims.SiteRolePrefix, StringComparison.Ordinal))
                {
                    // Static Web Apps' site:{siteId} role, should its roles reach the API as role claims.
                    sites.Add(value[TelephonyClaims.SiteRolePrefix.Length..]);
                }
                else if (type == "roles" || (roleType is not null && type == roleType))
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

            return new Caller(name ?? "unnamed", roles.Contains(TelephonyClaims.PlatformAdmin), roles.Contains(TelephonyClaims.Operator), sites);
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
        foreach (var role in userRoles.EnumerateArray())
        {
            if (role.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var value = role.GetString()!;
            if (value.StartsWith(TelephonyClaims.SiteRolePrefix, StringComparison.Ordinal))
            {
                sites.Add(value[TelephonyClaims.SiteRolePrefix.Length..]);
            }
            else
            {
                roles.Add(value);
            }
        }

        return new Caller(Text(root, "userDetails") ?? "unnamed", roles.Contains(TelephonyClaims.PlatformAdmin), roles.Contains(TelephonyClaims.Operator), sites);
    }

    /// <summary>
    /// The fixed local-development caller of <c>Security__DevelopmentPrincipal</c>: <c>PlatformAdmin</c>, or
    /// <c>Operator:site-a,site-b</c>. Null for an empty setting; throws <see cref="FormatException"/> for anything else.
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

        throw new FormatException("Security__DevelopmentPrincipal must be empty, 'PlatformAdmin' or 'Operator:site-a,site-b'.");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public static class CallerRequests
{
    /// <summary>The caller <see cref="SecurityGate"/> let in; null when the request did not pass the gate.</summary>
    public static Caller? Caller(this Microsoft.AspNetCore.Http.HttpRequest request) => request.HttpContext.Features.Get<Caller>();
}
