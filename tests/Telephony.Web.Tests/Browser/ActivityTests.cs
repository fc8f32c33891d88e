using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>The site's activity: who did what to which number, newest first, a page of 50 at a time, from the keyboard.</summary>
public sealed class ActivityTests(BrowserFixture browser) : PageTest(browser)
{
    /// <summary>Each import is a "provisioned" event: more than a page of them.</summary>
    private const int Numbers = 55;

    public override async Task InitializeAsync()
    {
        Host = await PageHost.StartAsync();
        // Imported by a platform administrator through the page's front door, so the import has a name in the activity.
        var rows = Enumerable.Range(0, Numbers).Select(i => $"{TestApi.Number(i)},{4500 + i},London 0207 123 45xx,false,,false,");
        var imported = await Host.SendAsync(SignedIn.PlatformAdmin, HttpMethod.Post, $"api/platform/sites/{Site}/phone-numbers/import",
            "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n" + string.Join("\n", rows), "text/csv");
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        Host.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var allocated = await Host.SendAsync(SignedIn.OperatorOf(Site), HttpMethod.Post, $"api/sites/{Site}/phone-numbers/{TestApi.Number(0)}/allocate", """{"allocateTo":"operator"}""");
        Assert.True(allocated.IsSuccessStatusCode, await allocated.Content.ReadAsStringAsync());
        Host.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var locked = await Host.SendAsync(SignedIn.PlatformAdmin, HttpMethod.Put, $"api/platform/sites/{Site}/phone-numbers/{TestApi.Number(1)}/lock", """{"reason":"Remote access voicemail"}""");
        Assert.True(locked.IsSuccessStatusCode, await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_activity_names_the_site_and_writes_its_numbers_as_the_numbers_page_does()
    {
        Assert.Equal(200, (await Host.Api.PutSettingsAsync(Site, """{"name":"London Bridge"}""")).Status);
        var page = await OpenAsync(SignedIn.OperatorOf(Site));
        await page.GotoAsync($"sites/{Site}/activity");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activity at London Bridge" })).ToBeVisibleAsync(new() { Timeout = 90_000 });
        var first = page.GetByRole(AriaRole.Table, new() { Name = "Changes at London Bridge, newest first" }).Locator("tbody tr").Nth(0);
        await Expect(first.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("25 Nov 2026, 09:02:00");
        await Expect(first.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(Shown(TestApi.Number(1)));
        await Expect(page).ToHaveTitleAsync("Activity · London Bridge · Site Telephony");
    }

    [Fact]
    public async Task An_operator_reads_who_did_what_newest_first_page_by_page_with_the_keyboard_alone()
    {
        var events = await EventCountAsync();
        Assert.Equal(Numbers + 2, events);
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));

        await page.GetByRole(AriaRole.Link, new() { Name = "Site Telephony" }).FocusAsync();
        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Activity", Exact = true }));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Activity at {Site}" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sites/{Site}/activity$"));
        var rows = page.GetByRole(AriaRole.Table, new() { Name = $"Changes at {Site}, newest first" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(rows.Nth(0)).ToContainTextAsync(Shown(TestApi.Number(1)));
        await Expect(rows.Nth(0)).ToContainTextAsync("locked");
        await Expect(rows.Nth(0)).ToContainTextAsync("admin@example.com");
        await Expect(rows.Nth(0).GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("Available");
        await Expect(rows.Nth(1)).ToContainTextAsync(Shown(TestApi.Number(0)));
        await Expect(rows.Nth(1)).ToContainTextAsync("allocated");
        await Expect(rows.Nth(1)).ToContainTextAsync("Available → Reserved");
        await Expect(rows.Nth(1)).ToContainTextAsync("operator@example.com");
        await Expect(rows.Nth(2)).ToContainTextAsync("provisioned");
        await Expect(rows.Nth(2)).ToContainTextAsync("admin@example.com");
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the activity view");
        await ScreenshotAsync(page, "activity");

        // The rest on the next page, and back again.
        await TabToAsync(page, Button(page, "Next page"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages of activity" })).ToContainTextAsync("Page 2");
        await Expect(rows).ToHaveCountAsync(events - 50);
        await Expect(rows).ToContainTextAsync(Enumerable.Repeat("provisioned", events - 50).ToArray());
        await Expect(Button(page, "Next page")).ToHaveAttributeAsync("disabled", new System.Text.RegularExpressions.Regex(".*"));

        await TabToAsync(page, Button(page, "Previous page"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(rows.Nth(0)).ToContainTextAsync("locked");
    }

    /// <summary>The site's events, counted through the API in one page.</summary>
    private async Task<int> EventCountAsync()
    {
        var answer = await Host.SendAsync(SignedIn.OperatorOf(Site), HttpMethod.Get, $"api/sites/{Site}/activity?pageSize=1000");
        Assert.True(answer.IsSuccessStatusCode);
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["items"]!.AsArray().Count;
    }
}
