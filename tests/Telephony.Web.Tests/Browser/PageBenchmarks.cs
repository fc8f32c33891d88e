using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using Telephony.Web.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Telephony.Web.Tests.Browser;

/// <summary>Runs only when <c>TELEPHONY_PAGE_BENCHMARK=1</c>: a measurement, not a test of time (docs/benchmarks.md).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TELEPHONY_PAGE_BENCHMARK") != "1")
        {
            Skip = "A benchmark: set TELEPHONY_PAGE_BENCHMARK=1 to run it.";
        }
    }
}

/// <summary>
/// The page's speed on a 5,000-number site, published as deployed (trimmed, Brotli-compressed): the first table of a
/// cold load, a filter change, a search, and what the browser downloads. Prints its figures; asserts only that each
/// view shows what it should.
/// </summary>
public sealed class PageBenchmarks(BrowserFixture browser, ITestOutputHelper output) : PageTest(browser)
{
    private const int Numbers = 5_000;
    private const int Runs = 5;

    public override async Task InitializeAsync()
    {
        Host = await PageHost.StartAsync();
        var csv = new StringBuilder("number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n");
        for (var i = 0; i < Numbers; i++)
        {
            csv.Append($"+4420800{i:D5},{i:D5},London 0208 00x xxxx,false,,false,\n");
        }

        Assert.Equal(200, (await Host.Api.ImportAsync(Site, csv.ToString())).Status);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await Host.Api.AllocateAsync(Site, $"+4420800{i * 7:D5}", """{"allocateTo":"operator"}""")).Status);
        }
    }

    [BenchmarkFact]
    public async Task Cold_load_filter_change_search_and_download_size_on_a_5000_number_site()
    {
        var coldLoads = new List<double>();
        var filterChanges = new List<double>();
        var searches = new List<double>();
        long downloaded = 0;
        for (var run = 0; run < Runs; run++)
        {
            // A new browser profile each run: nothing cached.
            var page = await OpenAsync(SignedIn.OperatorOf(Site));
            long bytes = 0;
            page.RequestFinished += async (_, request) => bytes += (await request.SizesAsync()).ResponseBodySize;

            var clock = Stopwatch.StartNew();
            await page.GotoAsync($"sites/{Site}");
            await Expect(Table(page).Locator(".number").First).ToBeVisibleAsync(new() { Timeout = 90_000 });
            coldLoads.Add(clock.Elapsed.TotalMilliseconds);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            downloaded = bytes;

            await page.GetByRole(AriaRole.Combobox, new() { Name = "Status" }).ClickAsync();
            var option = page.GetByRole(AriaRole.Option, new() { Name = "RESERVED (20)", Exact = true });
            await option.WaitForAsync();
            clock.Restart();
            await option.ClickAsync();
            await Expect(Table(page).Locator(".number")).ToHaveCountAsync(20);
            filterChanges.Add(clock.Elapsed.TotalMilliseconds);

            var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" });
            await search.FillAsync("800 00014");
            clock.Restart();
            await search.PressAsync("Enter");
            await Expect(Table(page).Locator(".number")).ToHaveTextAsync(["+442080000014"]);
            searches.Add(clock.Elapsed.TotalMilliseconds);
            await page.Context.CloseAsync();
        }

        output.WriteLine($"Cold load to first table: median {Median(coldLoads):F0} ms ({string.Join(", ", coldLoads.Select(t => t.ToString("F0")))})");
        output.WriteLine($"Filter change (status): median {Median(filterChanges):F0} ms ({string.Join(", ", filterChanges.Select(t => t.ToString("F0")))})");
        output.WriteLine($"Search: median {Median(searches):F0} ms ({string.Join(", ", searches.Select(t => t.ToString("F0")))})");
        output.WriteLine($"Downloaded on a cold load: {downloaded / 1024.0:F0} KiB");
        var published = new DirectoryInfo(PublishedPage.Directory()).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        output.WriteLine($"Published: {published.Where(f => f.Extension is not ".br" and not ".gz").Sum(f => f.Length) / 1024.0:F0} KiB, " +
            $"as Brotli {published.Where(f => f.Extension == ".br").Sum(f => f.Length) / 1024.0:F0} KiB");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
