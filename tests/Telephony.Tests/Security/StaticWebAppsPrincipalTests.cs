using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;

namespace Telephony.Tests.Security;

/// <summary>
/// Static Web Apps forwards the signed-in user in its own format (roles, no claims); the API reads it as it reads
/// App Service Authentication's, with an operator's sites as <c>site:{siteId}</c> roles.
/// </summary>
public sealed class StaticWebAppsPrincipalTests
{
    private const string Site = "london-bridge";

    [Fact]
    public void A_Static_Web_Apps_operator_has_the_sites_of_its_site_roles()
    {
        var caller = Caller.FromClientPrincipal(Principals.StaticWebAppsOperatorOf(Site, "canary-wharf"))!;

        Assert.True(caller.IsOperator);
        Assert.False(caller.IsPlatformAdmin);
        Assert.Equal(["canary-wharf", Site], caller.Sites.Order(StringComparer.Ordinal));
        Assert.Equal("operator@example.com", caller.Name);
    }

    [Fact]
    public void A_Static_Web_Apps_platform_administrator_is_one()
    {
        var caller = Caller.FromClientPrincipal(Principals.StaticWebApps("admin@example.com", TelephonyClaims.PlatformAdmin))!;

        Assert.True(caller.IsPlatformAdmin);
    }

    [Fact]
    public void A_signed_in_user_without_a_telephony_role_has_none_and_no_site()
    {
        var caller = Caller.FromClientPrincipal(Principals.StaticWebApps("someone@example.com"))!;

        Assert.False(caller.IsOperator || caller.IsPlatformAdmin);
        Assert.Empty(caller.Sites);
    }

    [Theory]
    [InlineData("""{"identityProvider":"aad","userDetails":"x","userRoles":"Telephony.Operator"}""")]
    [InlineData("""{"identityProvider":"aad","userDetails":"x","userRoles":[1,2]}""")]
    [InlineData("""{"identityProvider":"aad","userDetails":"x"}""")]
    public void A_malformed_Static_Web_Apps_principal_is_no_principal(string json)
    {
        Assert.Null(Caller.FromClientPrincipal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json))));
    }

    [Theory]
    [InlineData("operator-here", 200)]
    [InlineData("operator-elsewhere", 403)]
    [InlineData("no-role", 403)]
    [InlineData("admin", 200)]
    public async Task A_site_route_answers_a_Static_Web_Apps_caller_by_its_roles(string who, int expected)
    {
        var principal = who switch
        {
            "operator-here" => Principals.StaticWebAppsOperatorOf(Site),
            "operator-elsewhere" => Principals.StaticWebAppsOperatorOf("canary-wharf"),
            "no-role" => Principals.StaticWebApps("someone@example.com", TelephonyClaims.SiteRolePrefix + Site),
            _ => Principals.StaticWebApps("admin@example.com", TelephonyClaims.PlatformAdmin),
        };
        var request = Support.HttpCall.Request("GET", $"/api/sites/{Site}/phone-numbers", headers: Principals.As(principal));

        var answer = await Gate.WithoutStorage().CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Site)),
            () => Task.FromResult<Microsoft.AspNetCore.Mvc.IActionResult>(new Functions.Http.JsonBodyResult(new { items = Array.Empty<object>() })));

        Assert.Equal(expected, answer.Status);
    }
}
