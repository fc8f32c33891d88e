using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>axe-core finds no serious or critical violation on any view, and the actions work from the keyboard alone.</summary>
public sealed class AccessibilityTests(BrowserFixture browser) : PageTest(browser)
{
    [Fact]
    public async Task The_list_the_dialogs_the_number_panel_and_the_administration_view_have_no_serious_violation()
    {
        Assert.Equal(200, (await Host.Api.AllocateAsync(Site, TestApi.Number(2), """{"allocateTo":"operator"}""")).Status);
        var page = await OpenSiteAsync(SignedIn.PlatformAdmin);
        await RowAction(page, TestApi.Number(0), "Allocate").WaitForAsync();
        await AssertNoSeriousViolationAsync(page, "the list");

        await RowAction(page, TestApi.Number(0), "Allocate").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Allocate to" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(page, "the allocate dialog");
        await DialogButton(page, "Cancel").ClickAsync();

        await RowAction(page, TestApi.Number(2), "Deallocate").ClickAsync();
        var question = page.GetByText($"Deallocate {Shown(TestApi.Number(2))}? It returns to the pool");
        await Expect(question).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(page, "the confirmation dialog");
        await DialogButton(page, "Cancel").ClickAsync();
        await Expect(question).ToBeHiddenAsync();

        await Button(page, $"Details of {Shown(TestApi.Number(0))}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(page, "the number panel");
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync($"sites/{Site}/platform");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import numbers" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(page, "the administration view");
    }

    [Fact]
    public async Task An_operator_allocates_a_number_with_the_keyboard_alone()
    {
        var number = TestApi.Number(1);
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));
        var allocate = RowAction(page, number, "Allocate");
        await allocate.WaitForAsync();

        // Tab from the top of the page until the row's Allocate button has the focus.
        await page.GetByRole(AriaRole.Link, new() { Name = "Site Telephony" }).FocusAsync();
        await TabToAsync(page, allocate);

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Allocate to" })).ToBeVisibleAsync();
        // Operator is chosen first; Tab to the dialog's Allocate button and press it.
        await TabToAsync(page, DialogButton(page, "Allocate"), atMost: 10);

        await page.Keyboard.PressAsync("Enter");
        await Expect(Row(page, number)).ToContainTextAsync("Reserved");
        await Expect(Row(page, number)).ToContainTextAsync("Operator");
    }

    [Fact]
    public async Task Tab_reaches_every_control_of_the_list_the_number_panel_the_activity_and_the_administration_views()
    {
        var page = await OpenSiteAsync(SignedIn.PlatformAdmin);
        await RowAction(page, TestApi.Number(0), "Allocate").WaitForAsync();
        await AssertTabReachesEveryControlAsync(page, "the list");

        await Button(page, $"Details of {Shown(TestApi.Number(0))}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await AssertTabReachesEveryControlAsync(page, "the number panel", within: Dialog(page));
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync($"sites/{Site}/activity");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Changes at {Site}, newest first" })).ToBeVisibleAsync();
        await AssertTabReachesEveryControlAsync(page, "the activity view");

        await page.GotoAsync($"sites/{Site}/platform");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import numbers" })).ToBeVisibleAsync();
        await AssertTabReachesEveryControlAsync(page, "the administration view");
    }

    /// <summary>
    /// Presses Tab from the top of the page and marks each element that takes the focus; fails if any visible, enabled
    /// control (link, button, drop-down, field) was never reached.
    /// </summary>
    private static async Task AssertTabReachesEveryControlAsync(IPage page, string view, ILocator? within = null)
    {
        const string Controls = "a[href], button, input:not([type=hidden]), select, textarea, fluent-button, fluent-anchor-button, fluent-link, " +
            "fluent-dropdown, fluent-text-input, fluent-textarea, fluent-checkbox, fluent-switch";
        // A modal panel keeps the focus inside it: Tab is pressed from its first control, and only its controls count.
        var scope = within ?? page.Locator("body");
        var count = await scope.EvaluateAsync<int>($$"""
            root => {
                document.querySelectorAll('[data-tab-reached]').forEach(e => e.removeAttribute('data-tab-reached'));
                return root.querySelectorAll('{{Controls}}').length;
            }
            """);
        if (within is null)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Site Telephony" }).FocusAsync();
        }

        for (var presses = 0; presses <= 2 * count + 20; presses++)
        {
            await page.EvaluateAsync("() => { let e = document.activeElement; while (e?.shadowRoot?.activeElement) { e.setAttribute('data-tab-reached', ''); e = e.shadowRoot.activeElement; } e?.setAttribute('data-tab-reached', ''); }");
            await page.Keyboard.PressAsync("Tab");
        }

        var unreached = await scope.EvaluateAsync<string[]>($$"""
            root => [...root.querySelectorAll('{{Controls}}')]
                .filter(e => e.checkVisibility() && !e.disabled && !e.hasAttribute('disabled') && !e.hasAttribute('data-tab-reached')
                    && !e.closest('[data-tab-reached]') && !e.querySelector('[data-tab-reached]'))
                .map(e => `${e.tagName.toLowerCase()} "${(e.getAttribute('aria-label') || e.textContent || '').trim()}"`)
            """);
        Assert.True(unreached.Length == 0, $"On {view}, Tab never reached: " + string.Join(", ", unreached));
    }

    internal static async Task AssertNoSeriousViolationAsync(IPage page, string view)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, $"On {view}: " + string.Join("\n", serious));
    }
}
