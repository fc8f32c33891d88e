using Microsoft.Playwright;
using Telephony.Tests.Support;
using Telephony.Web.Tests.Support;

namespace Telephony.Web.Tests.Browser;

/// <summary>A browser test: the page served with the real API on Azurite, and the standard site seeded.</summary>
[Collection(BrowserCollection.Name)]
public abstract class PageTest(BrowserFixture browser) : IAsyncLifetime
{
    protected const string Site = TestApi.Site;

    protected PageHost Host { get; set; } = null!;

    protected BrowserFixture Browser => browser;

    public virtual async Task InitializeAsync()
    {
        Host = await PageHost.StartAsync();
        await Host.Api.SeedAsync(count: 6);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    protected Task<IPage> OpenAsync(string? principal, int width = 1280) => Browser.OpenAsync(Host, principal, width);

    /// <summary>Opens the site's numbers and waits for the table.</summary>
    protected async Task<IPage> OpenSiteAsync(string principal, string query = "")
    {
        var page = await OpenAsync(principal);
        await page.GotoAsync($"sites/{Site}{query}");
        // A cold start of the WebAssembly runtime on a busy machine takes a while.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Phone numbers at {Site}" })).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Assertions.Expect(Table(page)).ToBeVisibleAsync();
        return page;
    }

    protected static ILocator Table(IPage page) => page.GetByRole(AriaRole.Table, new() { Name = "Phone numbers" });

    /// <summary>The table's row of <paramref name="number"/>.</summary>
    protected static ILocator Row(IPage page, string number) =>
        Table(page).GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(number, new() { Exact = true }) });

    /// <summary>A row's action button, named for the action and the number (<c>Allocate +44…</c>).</summary>
    protected static ILocator RowAction(IPage page, string number, string action) =>
        Row(page, number).GetByRole(AriaRole.Button, new() { Name = $"{action} {number}", Exact = true });

    /// <summary>The button of the open dialog (the rows' buttons also name their number).</summary>
    protected static ILocator DialogButton(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>Chooses an option of one of the page's Fluent drop-downs, by their visible words.</summary>
    protected static async Task ChooseAsync(IPage page, string dropDown, string option)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = dropDown }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    /// <summary>Presses Tab until <paramref name="target"/> (or something in it) has the focus, as someone without a mouse does.</summary>
    protected static async Task TabToAsync(IPage page, ILocator target, int atMost = 80)
    {
        for (var presses = 0; presses < atMost; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e.matches(':focus-within') || e === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{atMost} presses of Tab never reached {target}.");
    }

    protected static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Find(), "docs", "images", name + ".png"), FullPage = true });
}
