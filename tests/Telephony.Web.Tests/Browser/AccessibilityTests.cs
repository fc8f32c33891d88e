using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>axe-core finds no serious or critical violation on any view, and the actions work from the keyboard alone.</summary>
public sealed class AccessibilityTests(BrowserFixture browser) : PageTest(browser)
{
    [Fact]
    public async Task The_list_the_allocate_dialog_the_number_panel_and_the_administration_view_have_no_serious_violation()
    {
        var page = await OpenSiteAsync(SignedIn.PlatformAdmin);
        await RowAction(page, TestApi.Number(0), "Allocate").WaitForAsync();
        await AssertNoSeriousViolationAsync(page, "the list");

        await RowAction(page, TestApi.Number(0), "Allocate").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Allocate to" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(page, "the allocate dialog");
        await DialogButton(page, "Cancel").ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = $"Details of {TestApi.Number(0)}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(page, "the number panel");

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
        await Expect(Row(page, number)).ToContainTextAsync("RESERVED");
        await Expect(Row(page, number)).ToContainTextAsync("Operator");
    }

    internal static async Task AssertNoSeriousViolationAsync(IPage page, string view)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, $"On {view}: " + string.Join("\n", serious));
    }
}
