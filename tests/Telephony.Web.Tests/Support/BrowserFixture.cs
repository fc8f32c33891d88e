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
    public async Task<IPage> OpenAsync(PageHost host, string? principal, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.Address,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        if (principal is not null)
        {
            await context.AddCookiesAsync([new Cookie { Name = PageHost.SignInCookie, Value = principal, Url = host.Address }]);
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
}
