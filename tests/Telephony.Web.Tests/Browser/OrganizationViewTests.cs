using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Telephony.Functions.Security;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>
/// One organization's telephony (the guide's "Occupiers > Telephony" and "Account > Telephony"): the page an
/// occupier's office manager lands on and never leaves, and the one an operator opens from the overview or a row.
/// </summary>
public sealed class OrganizationViewTests(BrowserFixture browser) : PageTest(browser)
{
    private const string Acme = "acme";

    /// <summary>Acme holds numbers 0 and 1, the operator number 2, another occupier number 3; 4 and 5 are nobody's.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Equal(200, (await Host.Api.PutSettingsAsync(Site, """{"name":"London Bridge","operatorName":"Workspace Co","coolingOffDays":90,"defaultRegion":"GB","autoNominateMainNumber":false}""")).Status);
        Assert.Equal(201, (await Host.Api.PutOccupierAsync(Site, "globex", """{"name":"Globex Corp","voiceServices":1}""")).Status);
        foreach (var (number, to) in new[]
                 {
                     (0, """{"allocateTo":"occupier","occupierId":"acme"}"""), (1, """{"allocateTo":"occupier","occupierId":"acme"}"""),
                     (2, """{"allocateTo":"operator"}"""), (3, """{"allocateTo":"occupier","occupierId":"globex"}"""),
                 })
        {
            Assert.Equal(200, (await Host.Api.AllocateAsync(Site, TestApi.Number(number), to)).Status);
        }
    }

    private static string AcmePage => $"sites/{Site}/organizations/{Acme}";

    private static ILocator Heading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    private static ILocator NumbersShown(IPage page) => Table(page).Locator(".number");

    [Fact]
    public async Task An_office_manager_lands_on_their_organization_activates_assigns_configures_and_sees_their_name_in_the_history()
    {
        var number = TestApi.Number(0);
        var page = await OpenAsync(SignedIn.OrganizationAdminOf($"{Site}/{Acme}"));
        await page.GotoAsync("");

        await Expect(Heading(page, "Telephony of Acme Ltd")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page).ToHaveURLAsync(new Regex($"/{Regex.Escape(AcmePage)}$"));
        await Expect(NumbersShown(page)).ToHaveTextAsync([Shown(TestApi.Number(0)), Shown(TestApi.Number(1))]);
        var figures = page.GetByRole(AriaRole.Region, new() { Name = "Summary" });
        await Expect(figures).ToContainTextAsync(new Regex("Voice services in use\\d of 2"));
        await Expect(figures).ToContainTextAsync("Reserved2");
        await AssertNoAllocationAsync(page);
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the organization view");

        await RowAction(page, number, "Activate").ClickAsync();
        await DialogButton(page, "Activate").ClickAsync();
        await Expect(Row(page, number)).ToContainTextAsync("Active", new() { Timeout = 30_000 });
        await Expect(Row(page, number)).Not.ToContainTextAsync("Update in progress");
        await Expect(figures).ToContainTextAsync("Active1");

        await RowAction(page, number, "Assign").ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "User id" }).FillAsync("ada-lovelace");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Ada Lovelace");
        await DialogButton(page, "Assign").ClickAsync();
        await Expect(Row(page, number)).ToContainTextAsync("Assigned to Ada Lovelace");
        await AssertNoAllocationAsync(page);

        await Button(page, $"Details of {Shown(number)}").ClickAsync();
        await Expect(Panel(page, number)).ToBeVisibleAsync();
        var panel = Dialog(page);
        await panel.GetByRole(AriaRole.Textbox, new() { Name = "Forward to" }).FillAsync("+442079460000");
        await Button(panel, "Save configuration").ClickAsync();
        await Expect(panel).ToContainTextAsync("Configuration saved.");
        await panel.GetByRole(AriaRole.Textbox, new() { Name = "New PIN" }).FillAsync("7391");
        await Button(panel, "Change PIN").ClickAsync();
        await Expect(panel).ToContainTextAsync("PIN changed.");
        var configuration = await Host.SendAsync(SignedIn.PlatformAdmin, HttpMethod.Get, $"api/sites/{Site}/phone-numbers/{number}/configuration");
        using (var saved = System.Text.Json.JsonDocument.Parse(await configuration.Content.ReadAsStringAsync()))
        {
            Assert.Equal("+442079460000", saved.RootElement.GetProperty("forwardTo").GetString());
        }

        // Their own name on what they did, in the capacity they did it in.
        var history = panel.GetByRole(AriaRole.Table, new() { Name = $"Changes to {Shown(number)}, newest first" });
        await Expect(history).ToContainTextAsync($"{SignedIn.OfficeManager} (organization administrator)");
        await Expect(history).ToContainTextAsync("activated");
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the organization view's number panel");
        await page.Keyboard.PressAsync("Escape");
        await Expect(Panel(page, number)).ToBeHiddenAsync();
        await ScreenshotAsync(page, "organization-view");

        // Every other page of the site sends them back to theirs.
        foreach (var elsewhere in new[] { $"sites/{Site}", $"sites/{Site}/platform", $"sites/{Site}/activity", $"sites/{Site}/organizations/operator", $"sites/{Site}/organizations/globex" })
        {
            await page.GotoAsync(elsewhere);
            await Expect(page).ToHaveURLAsync(new Regex($"/{Regex.Escape(AcmePage)}$"), new() { Timeout = 60_000 });
            await Expect(Heading(page, "Telephony of Acme Ltd")).ToBeVisibleAsync();
            await Expect(NumbersShown(page)).ToHaveTextAsync([Shown(TestApi.Number(0)), Shown(TestApi.Number(1))]);
        }

        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync($"Signed in as {SignedIn.OfficeManager} · organization administrator");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Site" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Platform administration" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Overview" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_office_manager_of_two_organizations_picks_one()
    {
        var page = await OpenAsync(SignedIn.OrganizationAdminOf($"{Site}/{Acme}", $"{Site}/globex"));
        await page.GotoAsync($"sites/{Site}");

        await Expect(Heading(page, "Your organizations")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Globex Corp" }).ClickAsync();
        await Expect(Heading(page, "Telephony of Globex Corp")).ToBeVisibleAsync();
        await Expect(NumbersShown(page)).ToHaveTextAsync([Shown(TestApi.Number(3))]);
        await Expect(page.Locator(".command-bar .count")).ToHaveTextAsync("1 number");
        await AssertNoAllocationAsync(page);
    }

    [Fact]
    public async Task An_operator_of_another_site_who_looks_after_acme_is_offered_acme_s_page_where_the_site_is_not_theirs()
    {
        await Host.Api.SeedAsync("canary-wharf", count: 2);
        var page = await OpenAsync(Telephony.Tests.Security.Principals.StaticWebApps("both@example.com",
            TelephonyClaims.Operator, TelephonyClaims.SiteRolePrefix + "canary-wharf", TelephonyClaims.OrganizationAdmin, $"{TelephonyClaims.OrganizationRolePrefix}{Site}/{Acme}"));
        await page.GotoAsync($"sites/{Site}");

        await Expect(Heading(page, $"You do not have access to {Site}")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        var main = page.GetByRole(AriaRole.Main);
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = "canary-wharf", Exact = true })).ToBeVisibleAsync();
        // Their organization's page, not the site's, which would only bring them back here.
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = "London Bridge", Exact = true })).ToHaveCountAsync(0);
        await main.GetByRole(AriaRole.Link, new() { Name = "Acme Ltd", Exact = true }).ClickAsync();
        await Expect(Heading(page, "Telephony of Acme Ltd")).ToBeVisibleAsync();
        await Expect(NumbersShown(page)).ToHaveTextAsync([Shown(TestApi.Number(0)), Shown(TestApi.Number(1))]);
    }

    [Fact]
    public async Task An_operator_opens_an_occupier_s_page_from_the_overview_and_from_a_row_and_their_own_as_the_account_s()
    {
        var page = await OpenAsync(SignedIn.OperatorOf(Site));
        await page.GotoAsync($"sites/{Site}");
        await Expect(Heading(page, "Phone numbers at London Bridge")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        var organizations = page.GetByRole(AriaRole.Region, new() { Name = "Overview" }).GetByRole(AriaRole.Table, new() { Name = "Organizations" });

        await organizations.GetByRole(AriaRole.Link, new() { Name = "Acme Ltd" }).ClickAsync();
        await Expect(Heading(page, "Telephony of Acme Ltd")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/{Regex.Escape(AcmePage)}$"));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" })).ToContainTextAsync("Occupiers");
        await Expect(NumbersShown(page)).ToHaveTextAsync([Shown(TestApi.Number(0)), Shown(TestApi.Number(1))]);
        // An operator still deallocates from here, as on the site page.
        await Expect(RowAction(page, TestApi.Number(0), "Deallocate")).ToBeVisibleAsync();
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the organization view, for an operator");

        await page.GoBackAsync();
        await Row(page, TestApi.Number(1)).GetByRole(AriaRole.Link, new() { Name = "Acme Ltd" }).ClickAsync();
        await Expect(Heading(page, "Telephony of Acme Ltd")).ToBeVisibleAsync();
        await Expect(NumbersShown(page)).ToHaveTextAsync([Shown(TestApi.Number(0)), Shown(TestApi.Number(1))]);

        // "Account > Telephony": the operator's own organization.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "London Bridge" }).ClickAsync();
        await organizations.GetByRole(AriaRole.Link, new() { Name = "Workspace Co" }).ClickAsync();
        await Expect(Heading(page, "Telephony of Workspace Co")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" })).ToContainTextAsync("Account");
        await Expect(NumbersShown(page)).ToHaveTextAsync([Shown(TestApi.Number(2))]);
    }

    [Fact]
    public async Task An_organization_without_numbers_is_said_to_have_none_yet()
    {
        Assert.Equal(201, (await Host.Api.PutOccupierAsync(Site, "initech", """{"name":"Initech","voiceServices":1}""")).Status);
        var page = await OpenAsync(SignedIn.OperatorOf(Site));
        await page.GotoAsync($"sites/{Site}/organizations/initech");

        await Expect(Heading(page, "Telephony of Initech")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(Table(page)).ToContainTextAsync("No number is allocated to Initech yet.");
    }

    /// <summary>No allocate or deallocate control anywhere, and no selection to act on many numbers with.</summary>
    private static async Task AssertNoAllocationAsync(IPage page)
    {
        await Expect(page.Locator("fluent-button").Filter(new() { HasTextRegex = new Regex("^\\s*(Allocate|Deallocate)") })).ToHaveCountAsync(0);
        await Expect(page.Locator("fluent-checkbox.select-row")).ToHaveCountAsync(0);
    }
}
