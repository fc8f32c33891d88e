using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Functions.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>
/// Static Web Apps' rolesSource: after a Microsoft Entra sign-in the platform posts the user's claims and the function
/// answers the roles, an operator's sites among them as <c>site:{siteId}</c>, which then reach every /api request.
/// </summary>
public sealed class SignInRolesTests
{
    private const string RoleLong = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    [Fact]
    public async Task An_entra_operator_gets_the_operator_role_and_a_site_role_per_site_claim()
    {
        var answer = await SignInAsync(Body("aad", ("roles", TelephonyClaims.Operator), (TelephonyClaims.Site, "london-bridge"), (TelephonyClaims.Site, "canary-wharf"), ("name", "Olive")));

        Assert.Equal(200, answer.Status);
        Assert.Equal([TelephonyClaims.Operator, "site:canary-wharf", "site:london-bridge"], Roles(answer));
    }

    [Fact]
    public async Task A_platform_administrator_gets_its_role_from_the_long_role_claim_type_too()
    {
        var answer = await SignInAsync(Body("aad", (RoleLong, TelephonyClaims.PlatformAdmin)));

        Assert.Equal([TelephonyClaims.PlatformAdmin], Roles(answer));
    }

    [Fact]
    public async Task Site_claims_of_a_user_who_is_not_an_operator_and_unknown_roles_give_nothing()
    {
        var answer = await SignInAsync(Body("aad", ("roles", "Some.Other.Role"), (TelephonyClaims.Site, "london-bridge"), ("groups", "Telephony.PlatformAdmin")));

        Assert.Equal(200, answer.Status);
        Assert.Empty(Roles(answer));
    }

    [Theory]
    [InlineData("../london-bridge")]
    [InlineData("london bridge")]
    [InlineData("site:x")]
    [InlineData("")]
    public async Task A_site_claim_that_is_not_a_site_id_gives_no_role_and_the_others_still_count(string bad)
    {
        var answer = await SignInAsync(Body("aad", ("roles", TelephonyClaims.Operator), (TelephonyClaims.Site, bad), (TelephonyClaims.Site, "london-bridge")));

        Assert.Equal([TelephonyClaims.Operator, "site:london-bridge"], Roles(answer));
    }

    [Theory]
    [InlineData("github")]
    [InlineData("twitter")]
    [InlineData("AAD")]
    public async Task Another_identity_provider_gets_no_role_whatever_its_claims_say(string provider)
    {
        var answer = await SignInAsync(Body(provider, ("roles", TelephonyClaims.PlatformAdmin), ("roles", TelephonyClaims.Operator), (TelephonyClaims.Site, "london-bridge")));

        Assert.Equal(200, answer.Status);
        Assert.Empty(Roles(answer));
    }

    [Fact]
    public async Task Fields_static_web_apps_sends_beyond_the_claims_are_skipped_and_the_access_token_is_never_logged()
    {
        var logs = new CapturedLogs();
        var body = """{"identityProvider":"aad","userId":"u1","userDetails":"olive@example.com","accessToken":"eyJ.secret-token.x","addedLater":{"x":1},"claims":[{"typ":"roles","val":"Telephony.Operator"},{"typ":"telephony/site","val":"york"}]}""";

        var answer = await SignInAsync(body, logs);

        Assert.Equal([TelephonyClaims.Operator, "site:york"], Roles(answer));
        Assert.Contains(logs.Lines, l => l.Contains("olive@example.com", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("secret-token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"identityProvider":"aad","userId":"u1"}""", "claims is required")]
    [InlineData("""{"claims":[]}""", "identityProvider is required")]
    [InlineData("""{"identityProvider":"aad","claims":[{"typ":"roles","val":"Telephony.Operator"},{"typ":"roles"}]}""", "claims[1]")]
    [InlineData("""{"identityProvider":"aad","claims":[null]}""", "claims[0]")]
    [InlineData("""{"identityProvider":"aad","claims":[{"typ":"roles","val":7}]}""", "not valid JSON")]
    [InlineData("""{"identityProvider":"aad","claims":"roles"}""", "not valid JSON")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("", "needs a JSON body")]
    public async Task A_body_that_is_not_a_sign_in_is_answered_400(string body, string detail)
    {
        var answer = await SignInAsync(body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid-request", answer.ProblemCode);
        Assert.Contains(detail, answer.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Too_many_claims_are_refused_and_a_body_over_64_KiB_is_too_large()
    {
        var many = await SignInAsync(Body("aad", Enumerable.Range(0, SignInRoleMapping.MaxClaims + 1).Select(i => ("c", i.ToString())).ToArray()));
        var huge = await SignInAsync(Body("aad", ("name", new string('x', 70 * 1024))));

        Assert.Equal((400, "invalid-request"), (many.Status, many.ProblemCode));
        Assert.Equal(413, huge.Status);
    }

    [Fact]
    public async Task The_roles_answered_make_the_principal_static_web_apps_forwards_an_operator_of_exactly_those_sites()
    {
        var roles = Roles(await SignInAsync(Body("aad", ("roles", TelephonyClaims.Operator), (TelephonyClaims.Site, "london-bridge"))));

        var caller = Caller.FromClientPrincipal(Principals.StaticWebApps("olive@example.com", roles.ToArray()))!;

        Assert.True(caller.MayManage("london-bridge"));
        Assert.False(caller.MayManage("canary-wharf"));
        Assert.False(caller.IsPlatformAdmin);
    }

    [Fact]
    public async Task The_sign_in_route_needs_no_principal_but_is_closed_where_the_front_door_is_missing()
    {
        var closed = await SignInAsync(Body("aad", ("roles", TelephonyClaims.Operator)),
            options: new SecurityOptions { RequireAppServiceAuthentication = true, AppServiceAuthenticationEnabled = false });
        var open = await SignInAsync(Body("aad", ("roles", TelephonyClaims.Operator)),
            options: new SecurityOptions { RequireAppServiceAuthentication = true, AppServiceAuthenticationEnabled = true });

        Assert.Equal((401, "unauthenticated"), (closed.Status, closed.ProblemCode));
        Assert.Equal(200, open.Status);
        Assert.Equal(RouteScope.SignIn, AccessPolicy.ScopeOf(AccessPolicy.SignInRolesRoute));
        Assert.Single(FunctionRoutes.All, r => AccessPolicy.ScopeOf(r.Route) == RouteScope.SignIn);
    }

    [Fact]
    public void A_site_role_that_reaches_the_api_as_an_app_service_role_claim_is_a_site_too()
    {
        var caller = Caller.FromClientPrincipal(Principals.Header((Principals.RoleType, TelephonyClaims.Operator), (Principals.RoleType, "site:london-bridge")))!;

        Assert.True(caller.IsOperator);
        Assert.Equal(["london-bridge"], caller.Sites);
    }

    private static string Body(string provider, params (string Typ, string Val)[] claims) =>
        JsonSerializer.Serialize(new
        {
            identityProvider = provider,
            userId = "72137ad3ae0042b58d54aacb38576d76",
            userDetails = "olive@example.com",
            claims = claims.Select(c => new { typ = c.Typ, val = c.Val }),
        });

    private static IReadOnlyList<string> Roles(HttpAnswer answer) =>
        answer.Json["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

    /// <summary>As Static Web Apps calls it: a POST without a principal, through the security gate.</summary>
    private static Task<HttpAnswer> SignInAsync(string body, CapturedLogs? logs = null, SecurityOptions? options = null)
    {
        var request = HttpCall.Request("POST", "/api/sign-in/roles", body);
        ILogger<SignInFunctions> logger = logs is null ? NullLogger<SignInFunctions>.Instance : new Logger<SignInFunctions>(new LoggerFactory([logs]));
        var function = new SignInFunctions(logger);
        return Gate.WithoutStorage(options ?? new SecurityOptions()).CallAsync(nameof(SignInFunctions.AssignSignInRoles), request, Gate.Values(),
            () => function.AssignSignInRoles(request, default));
    }
}
