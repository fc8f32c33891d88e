using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>Who sees what: an operator only their sites and no platform controls; a platform administrator everything.</summary>
public sealed class AccessTests(BrowserFixture browser) : PageTest(browser)
{
    private const string OtherSite = "canary-wharf";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Host.Api.SeedAsync(OtherSite, count: 2);
    }

    [Fact]
    public async Task An_operator_of_one_site_sees_neither_another_site_nor_the_platform_controls()
    {
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Site" }).ClickAsync();
        await Expect(Options(page)).ToHaveTextAsync([Site]);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Platform administration" })).ToHaveCountAsync(0);
        await RowAction(page, TestApi.Number(0), "Allocate").WaitForAsync();
        await Button(page, $"Details of {Shown(TestApi.Number(0))}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await Expect(Button(page, "Lock")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Platform administration" })).ToHaveCountAsync(0);

        // Typing the other site's address says the site is not theirs, and offers theirs; no filter, download or pager.
        await page.GotoAsync($"sites/{OtherSite}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"You do not have access to {OtherSite}" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = Site, Exact = true })).ToBeVisibleAsync();
        await Expect(Table(page)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Status" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages of numbers" })).ToHaveCountAsync(0);
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the no-access page");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = Site, Exact = true }).ClickAsync();
        await Expect(Table(page)).ToBeVisibleAsync();

        await page.GotoAsync($"sites/{Site}/platform");
        await Expect(page.GetByText("Platform administration is for platform administrators only.")).ToBeVisibleAsync();
        await Expect(Button(page, "Import")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_platform_administrator_imports_a_CSV_and_sees_the_outcome_of_each_row()
    {
        var page = await OpenSiteAsync(SignedIn.PlatformAdmin);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Site" }).ClickAsync();
        await Expect(Options(page)).ToHaveTextAsync([OtherSite, Site]);
        await page.Keyboard.PressAsync("Escape");

        await page.GetByRole(AriaRole.Link, new() { Name = "Platform administration" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "CSV" }).FillAsync(string.Join("\n",
            "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason",
            "+442071239900,9900,London 0207 123 99xx,false,,false,",
            $"{TestApi.Number(0)},4500,London 0207 123 45xx,false,,false,",
            "not-a-number,9901,London 0207 123 99xx,false,,false,",
            "020 7123 9902,9902,London 0207 123 99xx,true,,true,Remote access voicemail"));
        await Button(page, "Import").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "created" })).ToHaveTextAsync("2 created, 1 already there, 1 invalid.");
        var rows = page.GetByRole(AriaRole.Grid, new() { Name = "Outcome of each row" }).GetByRole(AriaRole.Row);
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.Nth(1)).ToContainTextAsync("Created");
        await Expect(rows.Nth(2)).ToContainTextAsync("Already there");
        await Expect(rows.Nth(3)).ToContainTextAsync("Invalid");
        await Expect(rows.Nth(4)).ToContainTextAsync("+442071239902");
        await ScreenshotAsync(page, "platform-administration");
    }
}
