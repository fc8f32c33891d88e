using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>
/// The page as an operator meets it: numbers as people write them, statuses in words, names instead of ids, the site's
/// overview with its chart, the details in a side panel, and actions on many numbers at once with each one's outcome.
/// </summary>
public sealed class OperatorViewTests(BrowserFixture browser) : PageTest(browser)
{
    private DateOnly _today;

    public override async Task InitializeAsync()
    {
        Host = await PageHost.StartAsync();
        _today = DateOnly.FromDateTime(Host.App.Clock.GetUtcNow().UtcDateTime);
        // Two numbers cooling off: one ends in the first week from today, one in the third.
        await Host.Api.SeedAsync(count: 6, extraRows: string.Join("\n",
            $"+442071239001,9001,London 0207 123 90xx,false,{_today.AddDays(3):yyyy-MM-dd},false,",
            $"+442071239002,9002,London 0207 123 90xx,false,{_today.AddDays(16):yyyy-MM-dd},false,"));
        Assert.Equal(200, (await Host.Api.PutSettingsAsync(Site, """{"name":"London Bridge","operatorName":"Workspace Co","coolingOffDays":90,"defaultRegion":"GB","autoNominateMainNumber":false}""")).Status);
        Assert.Equal(200, (await Host.Api.AllocateAsync(Site, TestApi.Number(0), """{"allocateTo":"operator"}""")).Status);
        var locked = await Host.SendAsync(SignedIn.PlatformAdmin, HttpMethod.Put, $"api/platform/sites/{Site}/phone-numbers/{TestApi.Number(5)}/lock", """{"reason":"Remote access voicemail"}""");
        Assert.True(locked.IsSuccessStatusCode, await locked.Content.ReadAsStringAsync());
    }

    private async Task<IPage> OpenLondonBridgeAsync(string query = "")
    {
        var page = await OpenAsync(SignedIn.OperatorOf(Site));
        await page.GotoAsync($"sites/{Site}{query}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Phone numbers at London Bridge" })).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(Table(page)).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Numbers_show_in_the_national_format_statuses_as_words_and_the_site_and_operator_by_name()
    {
        var page = await OpenLondonBridgeAsync();

        await Expect(Row(page, TestApi.Number(0)).Locator(".number")).ToHaveTextAsync("020 7123 4500");
        await Expect(Row(page, TestApi.Number(0))).ToContainTextAsync("Reserved");
        await Expect(Row(page, TestApi.Number(0))).ToContainTextAsync("Workspace Co");
        await Expect(Row(page, TestApi.Number(1))).ToContainTextAsync("Available");
        await Expect(Row(page, "+442071239001")).ToContainTextAsync($"Cooling off until {_today.AddDays(3):d MMM yyyy}");
        await Expect(Table(page)).Not.ToContainTextAsync("AVAILABLE");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Site" })).ToContainTextAsync("London Bridge");
        await ChooseAsync(page, "Allocation", "Workspace Co (1)");
        await Expect(Table(page).Locator(".number")).ToHaveTextAsync(["020 7123 4500"]);
    }

    [Fact]
    public async Task A_locked_number_says_so_in_words_a_screen_reader_reads_beside_a_lock_clear_of_the_digits()
    {
        var page = await OpenLondonBridgeAsync();
        var row = Row(page, TestApi.Number(5));

        // Read out: the words are in the row's accessible text, not hidden from assistive technology.
        await Expect(row.GetByRole(AriaRole.Gridcell).Filter(new() { HasText = "Locked: Remote access voicemail" })).ToHaveCountAsync(1);
        var hidden = await row.Locator(".lock").EvaluateAsync<bool>("l => l.closest('[aria-hidden=true]') !== null");
        Assert.False(hidden);
        var gap = await row.Locator(".lock").EvaluateAsync<double>("l => l.querySelector('svg').getBoundingClientRect().left - l.parentElement.querySelector('.number').getBoundingClientRect().right");
        Assert.True(gap >= 4, $"The lock is {gap} px from the digits.");
        var size = await row.Locator(".lock svg").EvaluateAsync<double>("s => s.getBoundingClientRect().width");
        Assert.True(size >= 20, $"The lock is {size} px wide.");
    }

    [Fact]
    public async Task The_overview_counts_each_status_and_organization_and_charts_the_numbers_leaving_cooling_off_week_by_week()
    {
        var page = await OpenLondonBridgeAsync();
        var overview = page.GetByRole(AriaRole.Region, new() { Name = "Overview" });

        await Expect(overview.GetByRole(AriaRole.Definition).First).ToHaveTextAsync("8");
        await Expect(overview).ToContainTextAsync("Available5");
        await Expect(overview).ToContainTextAsync("Reserved1");
        await Expect(overview).ToContainTextAsync("Cooling off2");
        var organizations = overview.GetByRole(AriaRole.Table, new() { Name = "Organizations" });
        await Expect(organizations.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Workspace Co");
        await Expect(organizations.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("1");
        await Expect(organizations.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("Acme Ltd");
        await Expect(organizations.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("0 of 2");

        var chart = overview.GetByRole(AriaRole.Figure, new() { Name = "Leaving cooling off, week by week" });
        await Expect(chart.Locator("svg rect")).ToHaveCountAsync(13);
        // The figures behind the bars, for a screen reader: 13 weeks from today and the rest.
        var weeks = chart.GetByRole(AriaRole.Table, new() { Name = "Numbers leaving cooling off in each of the next 13 weeks" }).Locator("tbody tr");
        await Expect(weeks).ToHaveCountAsync(14);
        await Expect(weeks.Nth(0)).ToHaveTextAsync($"{_today:d MMM yyyy}1");
        await Expect(weeks.Nth(1)).ToHaveTextAsync($"{_today.AddDays(7):d MMM yyyy}0");
        await Expect(weeks.Nth(2)).ToHaveTextAsync($"{_today.AddDays(14):d MMM yyyy}1");
        await Expect(weeks.Nth(13)).ToHaveTextAsync("Later0");
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the overview");
        await ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task Details_open_in_a_side_panel_with_the_focus_inside_Escape_closes_it_and_the_URL_and_Back_follow_it()
    {
        var number = TestApi.Number(1);
        var page = await OpenLondonBridgeAsync();

        var details = Button(page, $"Details of {Shown(number)}");
        await details.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(Panel(page, number)).ToBeVisibleAsync();
        var panel = Dialog(page);
        await Expect(panel).ToContainTextAsync(number);
        await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeInViewportAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"number=%2B{number[1..]}"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.closest('fluent-drawer') !== null"), "The focus is not in the panel.");
        await ScreenshotAsync(page, "number-panel");

        await page.Keyboard.PressAsync("Escape");
        await Expect(Panel(page, number)).ToBeHiddenAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("number="));

        // A shared link opens the panel; Back closes it, Forward opens it again.
        await page.GotoAsync($"sites/{Site}?number={Uri.EscapeDataString(number)}");
        await Expect(Panel(page, number)).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(Dialog(page)).ToContainTextAsync(number);
        await page.Keyboard.PressAsync("Escape");
        await Expect(Panel(page, number)).ToBeHiddenAsync();
        await Button(page, $"Details of {Shown(TestApi.Number(2))}").ClickAsync();
        await Expect(Panel(page, TestApi.Number(2))).ToBeVisibleAsync();
        await Expect(Dialog(page)).ToContainTextAsync(TestApi.Number(2));
        await page.GoBackAsync();
        await Expect(Panel(page, TestApi.Number(2))).ToBeHiddenAsync();
        await page.GoForwardAsync();
        await Expect(Panel(page, TestApi.Number(2))).ToBeVisibleAsync();
        await Expect(Dialog(page)).ToContainTextAsync(TestApi.Number(2));
    }

    [Fact]
    public async Task Selected_numbers_get_only_the_actions_all_of_them_allow_and_a_bulk_allocation_shows_each_number_s_outcome()
    {
        var page = await OpenLondonBridgeAsync();
        var bar = page.GetByRole(AriaRole.Toolbar, new() { Name = "Numbers" });

        // A reserved and an available number share no action.
        await Checkbox(page, $"Select {Shown(TestApi.Number(0))}").ClickAsync();
        await Checkbox(page, $"Select {Shown(TestApi.Number(1))}").ClickAsync();
        await Expect(bar).ToContainTextAsync("2 selected");
        await Expect(bar).ToContainTextAsync("No action is allowed on every selected number.");
        await Checkbox(page, $"Select {Shown(TestApi.Number(0))}").ClickAsync();

        await Checkbox(page, $"Select {Shown(TestApi.Number(2))}").ClickAsync();
        await Checkbox(page, $"Select {Shown(TestApi.Number(3))}").ClickAsync();
        await Expect(Button(bar, "Allocate selected")).ToBeVisibleAsync();
        await Expect(Button(bar, "Deallocate selected")).ToHaveCountAsync(0);

        // Someone locks one of them meanwhile: it is refused, the others are allocated.
        var locked = await Host.SendAsync(SignedIn.PlatformAdmin, HttpMethod.Put, $"api/platform/sites/{Site}/phone-numbers/{TestApi.Number(3)}/lock", """{"reason":"Kept back"}""");
        Assert.True(locked.IsSuccessStatusCode);
        await Button(bar, "Allocate selected").ClickAsync();
        await Expect(Dialog(page)).ToContainTextAsync("Allocate 3 numbers");
        await ChooseAsync(page, "Allocate to", "Acme Ltd (0 of 2 voice services in use)");
        await DialogButton(page, "Allocate").ClickAsync();

        var outcomes = page.GetByRole(AriaRole.Table, new() { Name = "What the last action did to each number" }).Locator("tbody tr");
        await Expect(outcomes).ToHaveCountAsync(3);
        await Expect(outcomes.Filter(new() { HasText = Shown(TestApi.Number(1)) })).ToContainTextAsync("Allocated");
        await Expect(outcomes.Filter(new() { HasText = Shown(TestApi.Number(2)) })).ToContainTextAsync("Allocated");
        await Expect(outcomes.Filter(new() { HasText = Shown(TestApi.Number(3)) })).ToContainTextAsync("Refused: the number is locked.");
        await Expect(Row(page, TestApi.Number(1))).ToContainTextAsync("Acme Ltd");
        await Expect(Row(page, TestApi.Number(3))).ToContainTextAsync("Available");
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the bulk outcomes");
        await ScreenshotAsync(page, "bulk-outcomes");

        // Every row of the page at once.
        await Checkbox(page, "Select every number on this page").ClickAsync();
        await Expect(bar).ToContainTextAsync("8 selected");
    }
}
