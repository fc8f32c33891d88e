using Microsoft.Playwright;
using Telephony.Tests.Security;

namespace Telephony.Web.Tests.Support;

/// <summary>
/// A Chromium-based browser driven by Playwright, shared by the browser tests: the one <see cref="BrowserDiscovery"/>
/// finds first that launches (TELEPHONY_BROWSER, Playwright's own, then the usual names and places).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        var machine = Machine.Current();
        var failures = new List<string>();
        foreach (var candidate in BrowserDiscovery.Candidates(machine))
        {
            try
            {
                Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = candidate.ExecutablePath,
                    Args = BrowserDiscovery.Arguments(machine),
                    Headless = true,
                });
                break;
            }
            catch (PlaywrightException e)
            {
                failures.Add($"{candidate.ExecutablePath ?? candidate.Source}: {e.Message.Split('\n')[0]}");
            }
        }

        if (Browser is null)
        {
            throw new InvalidOperationException(BrowserDiscovery.NotFound(machine, failures));
        }

        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        // The page is published once, before the first test asks for it.
        PublishedPage.Directory();
    }

    /// <summary>A fresh browser profile signed in as <paramref name="principal"/> (an <c>X-MS-CLIENT-PRINCIPAL</c> value), or signed out.</summary>
    public Task<IPage> OpenAsync(PageHost host, string? principal, int width = 1280, int height = 900) =>
        OpenAsync(host.Address, principal is null ? null : (PageHost.SignInCookie, principal), width, height);

    /// <summary>A fresh browser profile on <paramref name="address"/>, holding the sign-in cookie given.</summary>
    public async Task<IPage> OpenAsync(string address, (string Name, string Value)? signIn, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        if (signIn is { } cookie)
        {
            await context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Url = address }]);
        }

        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>Who the browser tests sign in as, in the format Static Web Apps forwards.</summary>
public static class SignedIn
{
    public static string PlatformAdmin => Principals.StaticWebApps("admin@example.com", Telephony.Functions.Security.TelephonyClaims.PlatformAdmin);

    public static string OperatorOf(params string[] sites) => Principals.StaticWebAppsOperatorOf(sites);

    public const string OfficeManager = "office.manager@acme.example";

    /// <summary>An organization administrator of each <c>{siteId}/{organizationId}</c>, as the <c>org:</c> roles Static Web Apps forwards.</summary>
    public static string OrganizationAdminOf(params string[] organizations) =>
        Principals.StaticWebApps(OfficeManager, organizations.Select(o => Telephony.Functions.Security.TelephonyClaims.OrganizationRolePrefix + o)
            .Prepend(Telephony.Functions.Security.TelephonyClaims.OrganizationAdmin).ToArray());
}
