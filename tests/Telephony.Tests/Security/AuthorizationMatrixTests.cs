using Microsoft.AspNetCore.Mvc;
using Telephony.Functions;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>Who may call what: every HTTP route of the functions assembly, for every kind of caller.</summary>
public sealed partial class AuthorizationMatrixTests
{
    private const string Site = "london-bridge";
    private const string OtherSite = "canary-wharf";

    public enum Who
    {
        Nobody,
        OperatorOfThisSite,
        OperatorOfAnotherSite,
        PlatformAdmin,
    }

    /// <summary>Found by reflection, so a route added later is in the matrix without editing this test.</summary>
    private static readonly IReadOnlyList<FunctionRoute> Routes = FunctionRoutes.In(typeof(TelephonyHost).Assembly);

    public static TheoryData<string, Who> EveryRouteForEveryCaller()
    {
        var data = new TheoryData<string, Who>();
        foreach (var route in Routes)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(route.FunctionName, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRouteForEveryCaller))]
    public async Task Every_route_answers_each_caller_as_its_template_says(string functionName, Who who)
    {
        var route = FunctionRoutes.Named(functionName)!;
        var expected = Expected(route.Route, who);
        var reached = false;
        var request = HttpCall.Request(route.Methods[0], "/api/" + route.Route.Replace("{siteId}", Site), headers: Principals.As(Principal(who)));

        var answer = await Gate.WithoutStorage().CallAsync(functionName, request, RouteValues(route.Route), () =>
        {
            reached = true;
            return Task.FromResult<IActionResult>(new JsonBodyResult(new { SiteId = Site }));
        });

        Assert.Equal(expected.Status, answer.Status);
        Assert.Equal(expected.Status is 200 or 404, reached);
        Assert.Equal(expected.Code, answer.ProblemCode);
    }

    /// <summary>The rule, written independently of <see cref="AccessPolicy"/>: admin routes are the platform's, site routes the site's operators'.</summary>
    /// <remarks>The function here answers with a resource of this site, as a real one would.</remarks>
    private static (int Status, string? Code) Expected(string route, Who who) => who switch
    {
        // Static Web Apps' rolesSource, called during sign-in before there is a principal.
        _ when route == "sign-in/roles" => (200, null),
        Who.Nobody => (401, "unauthenticated"),
        Who.PlatformAdmin => (200, null),
        _ when route.StartsWith("platform/", StringComparison.Ordinal) => (403, "forbidden"),
        // About the caller: every signed-in caller, the answer cut down to the caller's own sites.
        _ when route is "me" or "sites" => (200, null),
        Who.OperatorOfThisSite => (200, null),
        // The operation's site is known once it is read: another site's operation is answered as an unknown one.
        _ when route == "operations/{operationId}" => (404, "operation-not-found"),
        _ => (403, "forbidden"),
    };

    [Fact]
    public void Every_route_outside_admin_names_its_site_or_is_checked_after_the_read()
    {
        Assert.Contains(Routes, r => r.Route.StartsWith("platform/", StringComparison.Ordinal));
        foreach (var route in Routes.Where(r => !r.Route.StartsWith("platform/", StringComparison.Ordinal)))
        {
            Assert.True(AccessPolicy.ScopeOf(route.Route) is RouteScope.Site or RouteScope.SiteAfterRead or RouteScope.SignedIn or RouteScope.SignIn,
                $"{route.FunctionName} ({route.Route}) has no {{siteId}}: only platform administrators could call it. Add it to AccessPolicy if operators need it.");
        }
    }

    [Theory]
    [InlineData("me")]
    [InlineData("sites")]
    public void A_route_about_the_caller_is_open_to_every_signed_in_caller_and_to_nobody_else(string route)
    {
        Assert.Equal(Access.Allowed, AccessPolicy.Decide(Operator(Site), route, null));
        Assert.Equal(Access.Allowed, AccessPolicy.Decide(new Caller("no-role", false, false, new HashSet<string>()), route, null));
        Assert.Equal(Access.Unauthenticated, AccessPolicy.Decide(null, route, null));
        Assert.Equal(Access.Forbidden, AccessPolicy.Decide(Operator(Site), route + "/everything", null));
    }

    [Fact]
    public void A_route_the_policy_does_not_know_is_for_platform_administrators_only()
    {
        Assert.Equal(Access.Forbidden, AccessPolicy.Decide(Operator(Site), "reports/everything", null));
        Assert.Equal(Access.Allowed, AccessPolicy.Decide(Admin(), "reports/everything", null));
        Assert.Equal(Access.Forbidden, AccessPolicy.Decide(Operator(Site), "platform/sites/{siteId}/phone-numbers/{number}/lock", Site));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("eyJjbGFpbXMiOjF9")] // {"claims":1}
    [InlineData("")]
    public async Task A_malformed_principal_is_no_principal(string header)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{Site}/phone-numbers", headers: new Dictionary<string, string> { [TelephonyClaims.PrincipalHeader] = header });

        var answer = await Gate.WithoutStorage().CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Site)), Unreachable);

        Assert.Equal(401, answer.Status);
        Assert.Equal("unauthenticated", answer.ProblemCode);
    }

    [Fact]
    public async Task A_principal_without_a_telephony_role_is_forbidden_even_with_the_site_claim()
    {
        var principal = Principals.Header((TelephonyClaims.Site, Site), (Principals.RoleType, "Some.Other.Role"));
        var request = HttpCall.Request("GET", $"/api/sites/{Site}/phone-numbers", headers: Principals.As(principal));

        var answer = await Gate.WithoutStorage().CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Site)), Unreachable);

        Assert.Equal(403, answer.Status);
        Assert.Equal("forbidden", answer.ProblemCode);
    }

    [Fact]
    public void Roles_are_read_from_role_typ_or_from_roles_claims()
    {
        Assert.True(Caller.FromClientPrincipal(Principals.Header(("roles", TelephonyClaims.PlatformAdmin)))!.IsPlatformAdmin);
        var custom = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","name_typ":"name","role_typ":"urn:role","claims":[{"typ":"urn:role","val":"Telephony.Operator"},{"typ":"telephony/site","val":"a"},{"typ":"telephony/site","val":"b"}]}"""));
        var caller = Caller.FromClientPrincipal(custom)!;
        Assert.True(caller.IsOperator);
        Assert.True(caller.MayManage("a") && caller.MayManage("b") && !caller.MayManage("A") && !caller.MayManage("c"));
    }

    [Fact]
    public async Task An_operator_asking_about_another_sites_number_is_refused_the_same_way_whether_it_exists_or_not()
    {
        await using var app = await TestApp.StartAsync();
        var api = new Api(app);
        await api.SeedAsync(OtherSite);
        var gate = app.Get<SecurityGate>();

        async Task<HttpAnswer> Get(string number)
        {
            var request = HttpCall.Request("GET", $"/api/sites/{OtherSite}/phone-numbers/{number}", headers: Principals.As(Principals.OperatorOf(Site)));
            return await gate.CallAsync(nameof(PhoneNumberFunctions.GetPhoneNumber), request, Gate.Values(("siteId", OtherSite), ("number", number)),
                () => app.Function<PhoneNumberFunctions>().GetPhoneNumber(request, OtherSite, number, default));
        }

        var existing = await Get(Api.Number(1));
        var missing = await Get("+442079999999");

        Assert.Equal(403, existing.Status);
        Assert.Equal(existing.Status, missing.Status);
        Assert.Equal(existing.ProblemCode, missing.ProblemCode);
        Assert.Equal(Digits().Replace(existing.Body, "N"), Digits().Replace(missing.Body, "N"));

        var own = HttpCall.Request("GET", $"/api/sites/{OtherSite}/phone-numbers/{Api.Number(1)}", headers: Principals.As(Principals.OperatorOf(OtherSite)));
        var allowed = await gate.CallAsync(nameof(PhoneNumberFunctions.GetPhoneNumber), own, Gate.Values(("siteId", OtherSite), ("number", Api.Number(1))),
            () => app.Function<PhoneNumberFunctions>().GetPhoneNumber(own, OtherSite, Api.Number(1), default));
        Assert.Equal(200, allowed.Status);
    }

    [Theory]
    [InlineData(Who.OperatorOfThisSite, 200)]
    [InlineData(Who.OperatorOfAnotherSite, 404)]
    [InlineData(Who.PlatformAdmin, 200)]
    public async Task An_operation_is_shown_to_operators_of_its_site_only_and_is_not_found_for_others(Who who, int expected)
    {
        var operationId = Guid.NewGuid().ToString();
        var request = HttpCall.Request("GET", $"/api/operations/{operationId}", headers: Principals.As(Principal(who)));

        var answer = await Gate.WithoutStorage().CallAsync(nameof(ActivationFunctions.GetOperation), request, Gate.Values(("operationId", operationId)),
            () => Task.FromResult<IActionResult>(new JsonBodyResult(new OperationResponse(
                operationId, "activation", Site, "+442071234501", "running", "starting", null, TestApp.Start, null))));

        Assert.Equal(expected, answer.Status);
        if (expected == 404)
        {
            Assert.Equal("operation-not-found", answer.ProblemCode);
            Assert.DoesNotContain(Site, answer.Body);
        }
    }

    [Fact]
    public async Task The_development_principal_stands_in_only_for_a_request_without_one()
    {
        var gate = Gate.WithoutStorage("Operator:" + Site);

        var anonymous = HttpCall.Request("GET", $"/api/sites/{Site}/phone-numbers");
        var asDeveloper = await gate.CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), anonymous, Gate.Values(("siteId", Site)), Ok);
        var signedIn = HttpCall.Request("GET", $"/api/sites/{Site}/phone-numbers", headers: Principals.As(Principals.OperatorOf(OtherSite)));
        var asCaller = await gate.CallAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), signedIn, Gate.Values(("siteId", Site)), Ok);

        Assert.Equal(200, asDeveloper.Status);
        Assert.Equal(403, asCaller.Status);
    }

    [Theory]
    [InlineData("london-bridge", 200)]
    [InlineData("canary-wharf", 403)]
    public async Task Without_binding_data_the_site_is_read_from_the_path(string siteInPath, int expected)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteInPath}/phone-numbers/+442071234501/history", headers: Principals.As(Principals.OperatorOf(Site)));

        var answer = await Gate.WithoutStorage().CallAsync("GetPhoneNumberHistory", request, Gate.Values(), Ok);

        Assert.Equal(expected, answer.Status);
    }

    [Theory]
    [InlineData("PlatformAdmin", true)]
    [InlineData("Operator:a,b-2", true)]
    [InlineData("", true)]
    [InlineData("Admin", false)]
    [InlineData("Operator:", false)]
    [InlineData("Operator:a b", false)]
    public void The_development_principal_setting_is_validated(string setting, bool valid) =>
        Assert.Equal(valid, !new SecurityOptions { DevelopmentPrincipal = setting }.Problems().Any());

    [Fact]
    public void The_example_local_settings_enable_the_development_principal_and_the_deployment_never_does()
    {
        var root = RepositoryRoot.Find();
        Assert.Contains("\"Security__DevelopmentPrincipal\": \"PlatformAdmin\"", File.ReadAllText(Path.Combine(root, "functions", "local.settings.json.example")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "infra", "deploy"), "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain("DevelopmentPrincipal", File.ReadAllText(file));
        }
    }

    private static Task<IActionResult> Ok() => Task.FromResult<IActionResult>(new JsonBodyResult(new { }));

    private static Task<IActionResult> Unreachable() => throw new InvalidOperationException("The function must not run.");

    private static string? Principal(Who who) => who switch
    {
        Who.Nobody => null,
        Who.OperatorOfThisSite => Principals.OperatorOf(Site),
        Who.OperatorOfAnotherSite => Principals.OperatorOf(OtherSite),
        _ => Principals.PlatformAdmin(),
    };

    private static IReadOnlyDictionary<string, object?> RouteValues(string route) =>
        route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'))
            .ToDictionary(name => name, name => (object?)(name == "siteId" ? Site : Guid.NewGuid().ToString()));

    private static Caller Operator(string site) => new("op", false, true, new HashSet<string> { site });

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{6,}")]
    private static partial System.Text.RegularExpressions.Regex Digits();

    private static Caller Admin() => new("admin", true, false, new HashSet<string>());
}
