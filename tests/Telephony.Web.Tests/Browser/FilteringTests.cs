using Microsoft.Playwright;
using Telephony.Tests.Support;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>The guide's "find numbers" tasks: filters, search, the URL, and the CSV download.</summary>
public sealed class FilteringTests(BrowserFixture browser) : PageTest(browser)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Numbers 0 and 1 reserved for the operator, number 2 for Acme: three statuses of the site are AVAILABLE and RESERVED.
        Assert.Equal(200, (await Host.Api.AllocateAsync(Site, TestApi.Number(0), """{"allocateTo":"operator"}""")).Status);
        Assert.Equal(200, (await Host.Api.AllocateAsync(Site, TestApi.Number(1), """{"allocateTo":"operator"}""")).Status);
        Assert.Equal(200, (await Host.Api.AllocateAsync(Site, TestApi.Number(2), """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);
    }

    [Fact]
    public async Task Filtering_by_status_then_allocation_then_search_narrows_the_table_and_Back_and_Forward_restore_each_view()
    {
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));
        await Expect(Table(page).Locator(".number")).ToHaveCountAsync(6);

        await ChooseAsync(page, "Status", "Reserved (3)");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=RESERVED"));
        await Expect(Table(page).Locator(".number")).ToHaveCountAsync(3);

        await ChooseAsync(page, "Allocation", "Operator (2)");
        await Expect(Table(page).Locator(".number")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("207 123 4501");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).PressAsync("Enter");
        await Expect(Table(page).Locator(".number")).ToHaveTextAsync([Shown(TestApi.Number(1))]);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("search=207%20123%204501"));
        await ScreenshotAsync(page, "numbers-filtered");

        // Back and Forward bring back the filters themselves, not only the rows.
        await page.GoBackAsync();
        await Expect(Table(page).Locator(".number")).ToHaveTextAsync([Shown(TestApi.Number(0)), Shown(TestApi.Number(1))]);
        await ExpectFiltersAsync(page, "Reserved (3)", "Operator (2)", "");
        await page.GoBackAsync();
        await Expect(Table(page).Locator(".number")).ToHaveCountAsync(3);
        await ExpectFiltersAsync(page, "Reserved (3)", "All allocations", "");
        await page.GoBackAsync();
        await Expect(Table(page).Locator(".number")).ToHaveCountAsync(6);
        await ExpectFiltersAsync(page, "All statuses (6)", "All allocations", "");
        await page.GoForwardAsync();
        await page.GoForwardAsync();
        await page.GoForwardAsync();
        await Expect(Table(page).Locator(".number")).ToHaveTextAsync([Shown(TestApi.Number(1))]);
        await ExpectFiltersAsync(page, "Reserved (3)", "Operator (2)", "207 123 4501");
    }

    /// <summary>
    /// The drop-downs' chosen options, as they show them (the combobox's text: Fluent 5 leaves its control's value
    /// attribute at the last option clicked when the page sets the value), and the search box's text.
    /// </summary>
    private static async Task ExpectFiltersAsync(IPage page, string status, string allocation, string search)
    {
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Status" })).ToHaveTextAsync(status);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Allocation" })).ToHaveTextAsync(allocation);
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" })).ToHaveValueAsync(search);
    }

    [Fact]
    public async Task An_empty_table_says_whether_nothing_matches_the_filters_or_the_site_has_no_numbers_yet()
    {
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site), "?search=999999");
        await Expect(Table(page)).ToContainTextAsync("No number matches these filters.");

        // A site known by its settings alone: no filter is set, so nothing can fail to match.
        Assert.Equal(201, (await Host.Api.PutSettingsAsync("empty-site", """{"name":"Empty Site"}""")).Status);
        page = await OpenAsync(SignedIn.OperatorOf("empty-site"));
        await page.GotoAsync("sites/empty-site");
        await Expect(Table(page)).ToContainTextAsync("Empty Site has no numbers yet.", new() { Timeout = 90_000 });
        await Expect(Table(page)).Not.ToContainTextAsync("filters");
    }

    [Fact]
    public async Task The_status_filter_offers_only_the_statuses_present_with_their_counts()
    {
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Status" }).ClickAsync();

        await Expect(Options(page)).ToHaveTextAsync(["All statuses (6)", "Available (3)", "Reserved (3)"]);
    }

    [Fact]
    public async Task Download_CSV_gives_exactly_the_filtered_rows()
    {
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site), "?status=RESERVED&allocation=operator");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);

        Assert.Equal("Phone number,Extension,Status,Allocated to,Cooling off date,Main number,Range name", csv[0]);
        Assert.Equal([TestApi.Number(0), TestApi.Number(1)], csv.Skip(1).Select(line => line.Split(',')[0]).ToArray());
        Assert.All(csv.Skip(1), line => Assert.Contains(",RESERVED,Operator,", line));
    }

    [Fact]
    public async Task Each_row_offers_exactly_its_allowed_actions()
    {
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));
        var list = (await Host.Api.ListAsync(Site)).Json["items"]!.AsArray();

        foreach (var item in list)
        {
            var number = item!["number"]!.GetValue<string>();
            var expected = item["allowedActions"]!.AsArray().Select(a => $"{Telephony.Web.Numbers.NumberActions.Label(Telephony.Web.Numbers.NumberActions.Parse(a!.GetValue<string>())!.Value)} {Shown(number)}").ToArray();
            var offered = Row(page, number).Locator(".row-actions fluent-button");
            await Expect(offered).ToHaveCountAsync(expected.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                await Expect(offered.Nth(i)).ToHaveAttributeAsync("aria-label", expected[i]);
            }
        }
    }
}
