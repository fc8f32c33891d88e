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
        await Expect(page.GetByRole(AriaRole.Option)).ToHaveTextAsync([Site]);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Platform administration" })).ToHaveCountAsync(0);
        await RowAction(page, TestApi.Number(0), "Allocate").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Details of {TestApi.Number(0)}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lock" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Platform administration" })).ToHaveCountAsync(0);

        // Typing the other site's address shows the refusal in words, and none of its numbers.
        await page.GotoAsync($"sites/{OtherSite}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not", new() { IgnoreCase = true });
        await Expect(Table(page).Locator(".number")).ToHaveCountAsync(0);

        await page.GotoAsync($"sites/{Site}/platform");
        await Expect(page.GetByText("Platform administration is for platform administrators only.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_platform_administrator_imports_a_CSV_and_sees_the_outcome_of_each_row()
    {
        var page = await OpenSiteAsync(SignedIn.PlatformAdmin);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Site" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option)).ToHaveTextAsync([OtherSite, Site]);
        await page.Keyboard.PressAsync("Escape");

        await page.GetByRole(AriaRole.Link, new() { Name = "Platform administration" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "CSV" }).FillAsync(string.Join("\n",
            "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason",
            "+442071239900,9900,London 0207 123 99xx,false,,false,",
            $"{TestApi.Number(0)},4500,London 0207 123 45xx,false,,false,",
            "not-a-number,9901,London 0207 123 99xx,false,,false,",
            "020 7123 9902,9902,London 0207 123 99xx,true,,true,Remote access voicemail"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "created" })).ToHaveTextAsync("2 created, 1 already there, 1 invalid.");
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Outcome of each row" }).GetByRole(AriaRole.Row);
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.Nth(1)).ToContainTextAsync("created");
        await Expect(rows.Nth(2)).ToContainTextAsync("existing");
        await Expect(rows.Nth(3)).ToContainTextAsync("invalid");
        await Expect(rows.Nth(4)).ToContainTextAsync("+442071239902");
        await ScreenshotAsync(page, "platform-administration");
    }
}
