using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Telephony.Functions.Security;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>
/// The page exactly as <c>npm start</c> serves it: the published page through the Static Web Apps CLI, started by the
/// same script (<c>functions/serve-page.sh</c>) with <c>/api</c> proxied to the real function classes on Azurite.
/// Signed in the way the CLI's emulator signs in (its <c>StaticWebAppsAuthCookie</c>), since its sign-in form loads
/// jQuery and Bootstrap from a CDN that cannot be reached here.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class NpmStartTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Site = TestApi.Site;

    private PageHost _api = null!;
    private StaticWebAppsCli _cli = null!;

    private static (string, string) OperatorSignIn => (StaticWebAppsCli.SignInCookie,
        StaticWebAppsCli.SignInCookieValue("operator@example.com", TelephonyClaims.Operator, TelephonyClaims.SiteRolePrefix + Site));

    public async Task InitializeAsync()
    {
        _api = await PageHost.StartApiAsync();
        await _api.Api.SeedAsync(count: 6);
        _cli = await StaticWebAppsCli.StartAsync(PublishedPage.Directory(), _api.Address);
    }

    public async Task DisposeAsync()
    {
        await _cli.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task The_page_boots_without_a_console_error_and_shows_the_sites_numbers()
    {
        var page = await browser.OpenAsync(_cli.Address, OperatorSignIn);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"sites/{Site}");
        // A cold start of the WebAssembly runtime on a busy machine takes a while.
        await Expect(NumberRows.Of(page, TestApi.Number(0))).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(NumberRows.All(page)).ToHaveCountAsync(6);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(errors.Count == 0, $"The console showed errors: {string.Join(" | ", errors)}\nThe CLI: {_cli.Output}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_content_security_policy_served_holds_the_import_maps_hash_not_its_placeholder()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_cli.Address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"sites/{Site}");
        var (name, value) = OperatorSignIn;
        request.Headers.Add("Cookie", $"{name}={value}");
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("IMPORTMAP_HASH", policy);
        var importMap = ImportMap().Match(await response.Content.ReadAsStringAsync());
        Assert.True(importMap.Success, "The page served has no import map.");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups[1].Value)));
        Assert.Contains($"'sha256-{hash}'", policy);
    }

    [Fact]
    public void The_published_configuration_has_no_compressed_copy_still_holding_the_placeholder()
    {
        // Publish compresses web/wwwroot's file before the hash is put in: a server that sends .br or .gz copies
        // (as hosts that prefer precompressed files do) would send the placeholder, and Chromium would block the import map.
        var wwwroot = PublishedPage.Directory();
        Assert.DoesNotContain("IMPORTMAP_HASH", File.ReadAllText(Path.Combine(wwwroot, "staticwebapp.config.json")));
        Assert.False(File.Exists(Path.Combine(wwwroot, "staticwebapp.config.json.br")));
        Assert.False(File.Exists(Path.Combine(wwwroot, "staticwebapp.config.json.gz")));
    }

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMap();
}
