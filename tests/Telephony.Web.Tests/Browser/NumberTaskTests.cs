using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>The guide's tasks on one number, end to end: allocate, activate, deactivate, deallocate, and the refusals.</summary>
public sealed class NumberTaskTests(BrowserFixture browser) : PageTest(browser)
{
    [Fact]
    public async Task An_operator_allocates_to_an_occupier_activates_assigns_unassigns_deactivates_and_deallocates_into_cooling_off()
    {
        Assert.Equal(200, (await Host.Api.PutSettingsAsync(Site, """{"coolingOffDays":30}""")).Status);
        var number = TestApi.Number(3);
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));

        await RowAction(page, number, "Allocate").ClickAsync();
        await Expect(Dialog(page)).ToContainTextAsync($"Allocate {Shown(number)}");
        await ChooseAsync(page, "Allocate to", "Acme Ltd (0 of 2 voice services in use)");
        await ScreenshotAsync(page, "allocate-dialog");
        await DialogButton(page, "Allocate").ClickAsync();
        await Expect(Row(page, number)).ToContainTextAsync("Reserved");
        await Expect(Row(page, number)).ToContainTextAsync("Acme Ltd");

        // The platform holds the number's put into service until the row has been seen in progress: on a quiet
        // machine the activation can end before a poll of the page would catch it.
        Host.Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await RowAction(page, number, "Activate").ClickAsync();
        await DialogButton(page, "Activate").ClickAsync();
        await Expect(Row(page, number)).ToContainTextAsync("Update in progress");
        await ScreenshotAsync(page, "update-in-progress");
        Host.Platform.PutGate.SetResult();
        // The row reads itself again until the operation has ended, with nobody touching the page.
        await Expect(Row(page, number)).ToContainTextAsync("Active", new() { Timeout = 30_000 });
        await Expect(Row(page, number)).Not.ToContainTextAsync("Update in progress");

        // An ACTIVE number is assigned to a user, then unassigned: deactivation needs it unassigned.
        await RowAction(page, number, "Assign").ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "User id" }).FillAsync("ada-lovelace");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Ada Lovelace");
        await AccessibilityTests.AssertNoSeriousViolationAsync(page, "the assign dialog");
        await DialogButton(page, "Assign").ClickAsync();
        await Expect(Row(page, number)).ToContainTextAsync("Assigned to Ada Lovelace");
        await RowAction(page, number, "Unassign").ClickAsync();
        await DialogButton(page, "Unassign").ClickAsync();
        await Expect(Row(page, number)).Not.ToContainTextAsync("Assigned to");

        await RowAction(page, number, "Deactivate").ClickAsync();
        await DialogButton(page, "Deactivate").ClickAsync();
        await Expect(Row(page, number)).ToContainTextAsync("Reserved", new() { Timeout = 30_000 });

        await RowAction(page, number, "Deallocate").ClickAsync();
        await DialogButton(page, "Deallocate").ClickAsync();
        var until = Host.App.Clock.GetUtcNow().AddDays(30).UtcDateTime;
        await Expect(Row(page, number)).ToContainTextAsync($"Cooling off until {until:d MMM yyyy}");
    }

    [Fact]
    public async Task A_refused_action_shows_its_message_in_words()
    {
        var number = TestApi.Number(4);
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));
        // A platform administrator locks the number after the operator's page has shown it as allocatable.
        var locked = await Host.SendAsync(SignedIn.PlatformAdmin, HttpMethod.Put, $"api/platform/sites/{Site}/phone-numbers/{number}/lock", """{"reason":"Remote access voicemail"}""");
        Assert.True(locked.IsSuccessStatusCode, await locked.Content.ReadAsStringAsync());

        await RowAction(page, number, "Allocate").ClickAsync();
        await DialogButton(page, "Allocate").ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "lock" });
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).Not.ToContainTextAsync("number-locked");
        await Expect(Row(page, number)).ToContainTextAsync("Available");
    }

    [Fact]
    public async Task A_number_changed_by_someone_else_meanwhile_is_shown_as_it_is_now()
    {
        var number = TestApi.Number(5);
        var page = await OpenSiteAsync(SignedIn.OperatorOf(Site));

        await RowAction(page, number, "Allocate").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Allocate to" })).ToBeVisibleAsync();
        // Someone else allocates it to the operator while the dialog is open.
        Assert.Equal(200, (await Host.Api.AllocateAsync(Site, number, """{"allocateTo":"operator"}""")).Status);
        await ChooseAsync(page, "Allocate to", "Acme Ltd (0 of 2 voice services in use)");
        await DialogButton(page, "Allocate").ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone else changed this number" });
        await Expect(alert).ToContainTextAsync($"{Shown(number)} is now Reserved, allocated to Operator");
        await Expect(Row(page, number)).ToContainTextAsync("Operator");
        await Expect(Row(page, number)).Not.ToContainTextAsync("Acme Ltd");
    }
}
