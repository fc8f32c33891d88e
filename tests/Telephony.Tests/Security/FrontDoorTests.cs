using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Functions;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>
/// A deployed app believes X-MS-CLIENT-PRINCIPAL only behind App Service Authentication, which admits only the Static
/// Web App (infra/deploy/modules/web.bicep): a principal that reaches the app any other way is answered 401.
/// </summary>
public sealed class FrontDoorTests
{
    private const string Site = "london-bridge";

    public static TheoryData<string> ForgedPrincipals => new()
    {
        Principals.PlatformAdmin(),
        Principals.StaticWebApps("mallory@example.com", TelephonyClaims.PlatformAdmin),
        Principals.StaticWebAppsOperatorOf(Site),
    };

    [Theory]
    [MemberData(nameof(ForgedPrincipals))]
    public async Task A_principal_sent_to_a_deployed_app_without_App_Service_Authentication_in_front_is_answered_401(string forged)
    {
        var ran = false;

        var answer = await ListAs(forged, new SecurityOptions { RequireAppServiceAuthentication = true, AppServiceAuthenticationEnabled = false }, () => ran = true);

        Assert.Equal(401, answer.Status);
        Assert.Equal("unauthenticated", answer.ProblemCode);
        Assert.False(ran);
    }

    [Theory]
    [MemberData(nameof(ForgedPrincipals))]
    public async Task Behind_App_Service_Authentication_the_principal_it_forwards_is_believed(string principal)
    {
        var ran = false;

        var answer = await ListAs(principal, new SecurityOptions { RequireAppServiceAuthentication = true, AppServiceAuthenticationEnabled = true }, () => ran = true);

        Assert.Equal(200, answer.Status);
        Assert.True(ran);
    }

    [Theory]
    [InlineData("True", false)]
    [InlineData("true", false)]
    [InlineData("False", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void Whether_App_Service_Authentication_is_on_comes_from_the_platform_setting_alone(string? websiteAuthEnabled, bool missing)
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["Security:RequireAppServiceAuthentication"] = "true",
            // A Security setting cannot claim the front door is there: only App Service's own variable says so.
            ["Security:AppServiceAuthenticationEnabled"] = "true",
            [SecurityOptions.AppServiceAuthenticationSetting] = websiteAuthEnabled,
        });

        Assert.Equal(missing, options.FrontDoorMissing);
    }

    [Fact]
    public void A_development_principal_is_refused_where_App_Service_Authentication_is_required()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?>
        {
            ["Security:RequireAppServiceAuthentication"] = "true",
            ["Security:DevelopmentPrincipal"] = "PlatformAdmin",
            [SecurityOptions.AppServiceAuthenticationSetting] = "True",
        }));

        Assert.Contains("RequireAppServiceAuthentication", error.Message);
    }

    [Fact]
    public async Task Without_the_requirement_local_runs_and_tests_read_the_principal_as_before()
    {
        var answer = await ListAs(Principals.StaticWebAppsOperatorOf(Site), new SecurityOptions(), () => { });

        Assert.Equal(200, answer.Status);
    }

    private static async Task<HttpAnswer> ListAs(string principal, SecurityOptions options, Action run)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{Site}/phone-numbers", headers: Principals.As(principal));
        return await Gate.WithoutStorage(options).CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Site)), () =>
        {
            run();
            return Task.FromResult<IActionResult>(new Functions.Http.JsonBodyResult(new { items = Array.Empty<object>() }));
        });
    }

    private static SecurityOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddTelephonySecurity(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SecurityOptions>>().Value;
    }
}
