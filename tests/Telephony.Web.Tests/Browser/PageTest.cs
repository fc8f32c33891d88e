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

    protected static ILocator Table(IPage page) => page.GetByRole(AriaRole.Grid, new() { Name = "Phone numbers" });

    /// <summary>A number of the standard site as the page shows it: in the UK's national format (<c>020 7123 4500</c>).</summary>
    protected static string Shown(string e164) => Telephony.Web.Numbers.PhoneFormat.National(e164, "GB");

    /// <summary>The table's row of <paramref name="number"/> (E.164).</summary>
    protected static ILocator Row(IPage page, string number) =>
        Table(page).GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(Shown(number), new() { Exact = true }) });

    /// <summary>A row's action button, named for the action and the number as shown (<c>Allocate 020 7123 4500</c>).</summary>
    protected static ILocator RowAction(IPage page, string number, string action) =>
        Button(Row(page, number), $"{action} {Shown(number)}");

    /// <summary>The open dialog (allocate, assign, a confirmation: Fluent makes them alert dialogs) or the side panel.</summary>
    protected static ILocator Dialog(IPage page) =>
        page.Locator("fluent-dialog, fluent-drawer").Filter(new() { Has = page.GetByRole(AriaRole.Alertdialog).Or(page.GetByRole(AriaRole.Dialog)) });

    /// <summary>
    /// A number's side panel by role and name: the drawer's own element has no box (its dialog shows in the top layer),
    /// so whether the panel is open is asked of that dialog, named for the number as shown.
    /// </summary>
    protected static ILocator Panel(IPage page, string number) => page.GetByRole(AriaRole.Dialog, new() { Name = Shown(number), Exact = true });

    /// <summary>The button of the open dialog (the rows' buttons also name their number).</summary>
    protected static ILocator DialogButton(IPage page, string name) => Button(Dialog(page), name);

    /// <summary>
    /// A Fluent button (or checkbox, or option) by its accessible name: its <c>aria-label</c>, else its text. Fluent 2's
    /// web components hold their role in ElementInternals, which a screen reader reads but Playwright's role engine does
    /// not (an element whose internals say "button" is not found by GetByRole), so these are found by name.
    /// </summary>
    protected static ILocator Control(ILocator scope, string tag, string name) =>
        scope.Locator($"{tag}[aria-label=\"{name}\"]").Or(scope.Locator($"{tag}:not([aria-label])").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{System.Text.RegularExpressions.Regex.Escape(name)}\\s*$") }));

    protected static ILocator Button(ILocator scope, string name) => Control(scope, "fluent-button", name);

    protected static ILocator Button(IPage page, string name) => Button(page.Locator("body"), name);

    protected static ILocator Checkbox(IPage page, string name) => Control(page.Locator("body"), "fluent-checkbox", name);

    /// <summary>The options of the drop-down that is open.</summary>
    protected static ILocator Options(IPage page) => page.Locator("fluent-option:visible");

    /// <summary>Chooses an option of one of the page's Fluent drop-downs, by their visible words.</summary>
    protected static async Task ChooseAsync(IPage page, string dropDown, string option)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = dropDown }).ClickAsync();
        await Control(page.Locator("body"), "fluent-option:visible", option).ClickAsync();
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

    /// <summary>Retakes docs/images/{name}.png, only when asked (<c>TELEPHONY_SCREENSHOTS=1</c>): a test run leaves the tree clean.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("TELEPHONY_SCREENSHOTS") == "1")
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Find(), "docs", "images", name + ".png"), FullPage = true });
        }
    }
}
