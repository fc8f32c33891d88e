using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>The table is whole at a laptop's width: no column title cut off with "…", no row's buttons spilling out of their cell.</summary>
public sealed class LayoutTests(BrowserFixture browser) : PageTest(browser)
{
    /// <summary>A main number, cooling off, locked with a long reason, in a range with a long name: every column has something wide.</summary>
    private const string WideRow = "+442071239000,9000,London 0207 123 90xx reception and switchboard,true,2031-03-01,true,Remote access voicemail for the night porter";

    public override async Task InitializeAsync()
    {
        Host = await PageHost.StartAsync();
        await Host.Api.SeedAsync(count: 6, extraRows: WideRow);
        // A reserved number offers Deallocate and Activate besides Details: the most buttons a row shows here.
        Assert.Equal(200, (await Host.Api.AllocateAsync(Site, TestApi.Number(0), """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);
    }

    /// <summary>The site's page as an operator sees it, and acme's as its office manager does (no selection column).</summary>
    [Theory]
    [InlineData(1280, 800, false)]
    [InlineData(1024, 768, false)]
    [InlineData(1280, 800, true)]
    [InlineData(1024, 768, true)]
    public async Task No_column_title_is_cut_off_and_no_row_action_spills_out_of_its_cell(int width, int height, bool organizationView)
    {
        var page = await Browser.OpenAsync(Host, organizationView ? SignedIn.OrganizationAdminOf($"{Site}/acme") : SignedIn.OperatorOf(Site), width, height);
        await page.GotoAsync(organizationView ? $"sites/{Site}/organizations/acme" : $"sites/{Site}");
        await Expect(Table(page).Locator(".number")).ToHaveCountAsync(organizationView ? 1 : 7, new() { Timeout = 90_000 });
        await Expect(RowAction(page, TestApi.Number(0), "Activate")).ToBeVisibleAsync();

        if (Environment.GetEnvironmentVariable("TELEPHONY_LAYOUT_SHOT") is { } shot)
        {
            await page.ScreenshotAsync(new() { Path = $"{shot}{(organizationView ? "-organization" : "")}-{width}.png", FullPage = true });
        }

        var titles = await Table(page).GetByRole(AriaRole.Columnheader).EvaluateAllAsync<Measured[]>(
            "titles => titles.map(t => ({ text: `${t.textContent.trim()} (${t.scrollWidth}x${t.scrollHeight} in ${t.clientWidth}x${t.clientHeight})`, fits: t.scrollWidth <= t.clientWidth && t.scrollHeight <= t.clientHeight }))");
        Assert.Equal(organizationView ? 7 : 8, titles.Length);
        Assert.All(titles, t => Assert.True(t.Fits, $"The column title \"{t.Text}\" is cut off at {width} px."));

        // Every cell holds what it shows, and each button lies inside its cell.
        var cells = await Table(page).Locator("td").EvaluateAllAsync<Measured[]>("""
            cells => cells.map(c => {
                const box = c.getBoundingClientRect();
                const inside = [...c.querySelectorAll('fluent-button')].every(b => {
                    const r = b.getBoundingClientRect();
                    return r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
                });
                return { text: `${c.innerText.trim()} (${c.scrollWidth}x${c.scrollHeight} in ${c.clientWidth}x${c.clientHeight})`, fits: inside && c.scrollWidth <= c.clientWidth && c.scrollHeight <= c.clientHeight };
            })
            """);
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.True(c.Fits, $"The cell \"{c.Text}\" spills out of its place at {width} px."));

        // A number is never broken across lines.
        var broken = await Table(page).Locator(".number").EvaluateAllAsync<string[]>("numbers => numbers.filter(n => n.getClientRects().length > 1).map(n => n.textContent)");
        Assert.True(broken.Length == 0, $"Broken across lines at {width} px: {string.Join(", ", broken)}");

        // A locked number's lock sits on its line, not below its digits.
        var locks = await Table(page).Locator(".lock").EvaluateAllAsync<Measured[]>("""
            locks => locks.map(l => {
                const number = l.parentElement.querySelector('.number').getBoundingClientRect();
                const lock = l.getBoundingClientRect();
                return { text: `${l.parentElement.innerText.trim()}: the number at ${Math.round(number.top)}-${Math.round(number.bottom)}, its lock at ${Math.round(lock.top)}-${Math.round(lock.bottom)}`, fits: lock.top < number.bottom && lock.bottom > number.top };
            })
            """);
        Assert.Equal(organizationView ? 0 : 1, locks.Length);
        Assert.All(locks, l => Assert.True(l.Fits, $"A lock is off its number's line at {width} px: {l.Text}."));

        // At a laptop's usual width each row is one line: its buttons side by side (a reserved row has three), and its
        // text on the buttons' middle line rather than at the top of the cell. At 1024 px so is every row with Details and
        // one command (an available or active number: most rows), rather than Details stacked over its button.
        var rows = await Table(page).Locator("tr").Filter(new() { Has = page.Locator(".number") }).EvaluateAllAsync<Measured[]>($$"""
                rows => rows.filter(r => {{width}} >= 1280 || r.querySelectorAll('fluent-button').length == 2).map(r => {
                    const middle = box => box.top + box.height / 2;
                    const buttons = [...r.querySelectorAll('fluent-button')].map(b => b.getBoundingClientRect());
                    const number = r.querySelector('.number').getBoundingClientRect();
                    const oneLine = buttons.every(b => Math.abs(b.top - buttons[0].top) <= 1);
                    const level = buttons.every(b => Math.abs(middle(b) - middle(number)) <= 2);
                    return { text: `${r.querySelector('.number').textContent}: ${buttons.length} buttons at ${buttons.map(b => Math.round(b.top)).join(', ')}, the number's middle at ${Math.round(middle(number))}`, fits: oneLine && level };
                })
                """);
        // The operator's 7 rows: at 1024 px the 5 available ones (Details, Allocate), not the reserved one (three
        // buttons) or the wide one (Details alone); acme's office manager sees its one number with Details and one command.
        Assert.Equal(organizationView ? 1 : width >= 1280 ? 7 : 5, rows.Length);
        Assert.All(rows, r => Assert.True(r.Fits, $"A row is not one level line at {width} px: {r.Text}."));

        // The page needs no sideways scrolling at this width.
        var sideways = await page.EvaluateAsync<bool>("() => [document.documentElement, document.querySelector('main')].some(e => e.scrollWidth > e.clientWidth)");
        Assert.False(sideways, $"The page scrolls sideways at {width} px.");
    }

    private sealed class Measured
    {
        public string Text { get; set; } = "";

        public bool Fits { get; set; }
    }
}
