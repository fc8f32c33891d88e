using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Telephony.Functions.Security;
using Telephony.Tests.Support;
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
/// The page against two floors measured in the same run, all three served as <c>npm start</c> serves the page (the
/// Static Web Apps CLI through <c>functions/serve-page.sh</c>, <c>/api</c> proxied to the function classes on a
/// 5,000-number site): the <c>dotnet new blazorwasm</c> template published the same way, and a plain HTML page that
/// fetches the same list. Prints medians of cold runs, each in a new browser context; asserts only what each view shows.
/// The filter and search steps sit in small helpers, so a new markup of the page changes them alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageBenchmarks(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Site = TestApi.Site;
    private const int Numbers = 5_000;
    private const int Runs = 5;

    private static readonly string[] Reserved = Enumerable.Range(0, 20).Select(i => Number(i * 7)).ToArray();

    private readonly List<IAsyncDisposable> _started = [];
    private PageHost _api = null!;

    private static (string, string) SignIn => (StaticWebAppsCli.SignInCookie,
        StaticWebAppsCli.SignInCookieValue("operator@example.com", TelephonyClaims.Operator, TelephonyClaims.SiteRolePrefix + Site));

    public async Task InitializeAsync()
    {
        _api = await PageHost.StartApiAsync();
        _started.Add(_api);
        var csv = new StringBuilder("number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n");
        for (var i = 0; i < Numbers; i++)
        {
            csv.Append($"{Number(i)},{i:D5},London 0208 00x xxxx,false,,false,\n");
        }

        Assert.Equal(200, (await _api.Api.ImportAsync(Site, csv.ToString())).Status);
        foreach (var number in Reserved)
        {
            Assert.Equal(200, (await _api.Api.AllocateAsync(Site, number, """{"allocateTo":"operator"}""")).Status);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var started in Enumerable.Reverse(_started))
        {
            await started.DisposeAsync();
        }
    }

    [BenchmarkFact]
    public async Task The_page_against_the_blazor_template_and_plain_html_on_a_5000_number_site()
    {
        var page = await ServeAsync(PublishedPage.Directory());
        var template = await ServeAsync(PublishedTemplate());
        var plain = await ServeAsync(PlainPage());

        var cold = new Dictionary<string, List<double>> { ["page"] = [], ["template"] = [], ["plain"] = [] };
        var downloads = new Dictionary<string, Download>();
        List<Step> filters = [], searches = [];
        List<Milestones> pageMilestones = [];
        for (var run = 0; run < Runs; run++)
        {
            // Each in turn within a run, so a busy moment of the machine falls on all three alike.
            // Every cold load fetches the same files: they are weighed once (Brotli at its smallest size is slow).
            var weigh = run == 0;
            var (templateTime, templateDownload, _, _) = await ColdLoadAsync(template, "weather", TemplateRows, weigh);
            cold["template"].Add(templateTime);
            downloads["template"] = templateDownload ?? downloads["template"];

            var (plainTime, plainDownload, _, _) = await ColdLoadAsync(plain, "", p => NumberRows.All(p), weigh);
            cold["plain"].Add(plainTime);
            downloads["plain"] = plainDownload ?? downloads["plain"];

            var (pageTime, pageDownload, view, milestones) = await ColdLoadAsync(page, $"sites/{Site}", p => NumberRows.All(p), weigh, keepOpen: true);
            cold["page"].Add(pageTime);
            pageMilestones.Add(milestones);
            downloads["page"] = pageDownload ?? downloads["page"];

            filters.Add(await TimedAsync(view, "status=RESERVED", await StatusFilterAsync(view, "reserved"),
                shown: Reserved[^1], gone: Number(1)));
            await Expect(NumberRows.All(view)).ToHaveCountAsync(Reserved.Length);

            searches.Add(await TimedAsync(view, "search=", await SearchAsync(view, "800 00014"),
                shown: Number(14), gone: Number(0)));
            await Expect(NumberRows.All(view)).ToHaveCountAsync(1);
            await view.Context.CloseAsync();
        }

        var direct = await DirectRequestsAsync(page.Address, $"api/sites/{Site}/phone-numbers?search=800%2000014&status=RESERVED&pageSize=50");
        var listDirect = await DirectRequestsAsync(page.Address, $"api/sites/{Site}/phone-numbers?status=RESERVED&pageSize=50");

        output.WriteLine($"Chromium {browser.Browser.Version}, {Runs} cold runs each, medians (each run's figures in brackets), {Numbers:N0} numbers");
        output.WriteLine("| measure | page | `dotnet new blazorwasm` | plain HTML |");
        output.WriteLine("|---|---|---|---|");
        output.WriteLine($"| navigation → first row | {Ms(cold["page"])} | {Ms(cold["template"])} → page {Median(cold["page"]) / Median(cold["template"]):F2}× | {Ms(cold["plain"])} → page {Median(cold["page"]) / Median(cold["plain"]):F1}× |");
        output.WriteLine($"| the page's cold load: first `/api` request sent / list answered / first row | {Ms(pageMilestones.Select(m => m.FirstApiRequest))} / {Ms(pageMilestones.Select(m => m.ListAnswered))} / {Ms(cold["page"])} | | |");
        output.WriteLine($"| Status filter change → 20 rows, in the page (input → frame) | {Ms(filters.Select(s => s.InPage))}; its request {Ms(filters.Select(s => s.Request))}, by HttpClient {Ms(listDirect)}; the page's work before it {Ms(filters.Select(s => s.Before))}, after it {Ms(filters.Select(s => s.After))} | | |");
        output.WriteLine($"| the same by the test's clock (Playwright's click and polls) | {Ms(filters.Select(s => s.Total))} | | |");
        output.WriteLine($"| search → its row, in the page | {Ms(searches.Select(s => s.InPage))} = {Median(searches.Select(s => s.InPage)) / Median(searches.Select(s => s.Request)):F2}× its request {Ms(searches.Select(s => s.Request))}; by HttpClient {Ms(direct)}; the page's work before it {Ms(searches.Select(s => s.Before))}, after it {Ms(searches.Select(s => s.After))} | | |");
        output.WriteLine($"| the same by the test's clock | {Ms(searches.Select(s => s.Total))} = {Median(searches.Select(s => s.Total)) / Median(searches.Select(s => s.Request)):F2}× its request | | |");
        output.WriteLine($"| download on a cold load, Brotli | {Kb(downloads["page"].Compressed)} | {Kb(downloads["template"].Compressed)} → page {downloads["page"].Compressed / (double)downloads["template"].Compressed:F2}× | {Kb(downloads["plain"].Compressed)} |");
        output.WriteLine($"| the same, as the CLI sends it (uncompressed) | {Kb(downloads["page"].Raw)} in {downloads["page"].Requests} requests | {Kb(downloads["template"].Raw)} in {downloads["template"].Requests} | {Kb(downloads["plain"].Raw)} in {downloads["plain"].Requests} |");
    }

    /// <summary>
    /// The Status drop-down opened on <paramref name="status"/> (its option's words, "Reserved (20)"); the step timed is
    /// choosing it. Fluent's options hold their role in ElementInternals, out of Playwright's sight: found by their words.
    /// </summary>
    private static async Task<Func<Task>> StatusFilterAsync(IPage page, string status)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Status" }).ClickAsync();
        var option = page.Locator("fluent-option:visible").Filter(new() { HasTextRegex = new Regex(@"^\s*" + Regex.Escape(status) + @"\b", RegexOptions.IgnoreCase) });
        await option.WaitForAsync();
        return () => option.ClickAsync();
    }

    /// <summary>A search typed; the step timed is sending it with Enter (the box searches on Enter, not on each key).</summary>
    private static async Task<Func<Task>> SearchAsync(IPage page, string text)
    {
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" });
        await search.FillAsync(text);
        return () => search.PressAsync("Enter");
    }

    /// <summary>
    /// How long <paramref name="act"/> takes until <paramref name="shown"/>'s row is in view and <paramref name="gone"/>'s
    /// is not, and how long the list request it sends (its URL holding <paramref name="request"/>) took inside the page.
    /// Measured twice: inside the page, from the input event's own time stamp (the click or key the user gave) to the
    /// start of the frame that draws the new rows (an animation frame asked for once they are in the DOM), as the
    /// browser's Event Timing counts an interaction; and by the test's clock around Playwright's action and waits, which
    /// also holds Playwright's own work: before a click, its checks that the option is visible, stable for two frames
    /// and hit by the pointer; after it, its polls for the two rows, each a round trip to the browser.
    /// </summary>
    private static async Task<Step> TimedAsync(IPage page, string request, Func<Task> act, string shown, string gone)
    {
        await page.EvaluateAsync(InPageClock, new[] { NumberRows.NumberIn(shown), NumberRows.NumberIn(gone) });
        var clock = Stopwatch.StartNew();
        await act();
        // WaitForAsync looks at the page on every frame; Expect's retries are up to a second apart.
        await NumberRows.Of(page, shown).WaitForAsync(new() { Timeout = 60_000 });
        await NumberRows.Of(page, gone).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 60_000 });
        var total = clock.Elapsed.TotalMilliseconds;
        await (await page.WaitForFunctionAsync("() => window.__step.drawn !== null", null, new() { Timeout = 60_000 })).DisposeAsync();
        var times = await page.EvaluateAsync<double[]>(InPageStepOf, request);
        var (input, drawn, requestStart, responseEnd) = (times[0], times[1], times[2], times[3]);
        return new Step(total, drawn - input, responseEnd - requestStart, requestStart - input, drawn - responseEnd);
    }

    /// <summary>
    /// Installed before each step with the two numbers' patterns (<see cref="NumberRows.NumberIn"/>): notes the time stamp
    /// of the next click or key, then watches the rows until the expected one is there and the other gone, and notes the
    /// start of the frame that draws them.
    /// </summary>
    private const string InPageClock = """
        ([shown, gone]) => {
          const [has, hasNot] = [new RegExp(shown), new RegExp(gone)];
          const step = window.__step = { input: null, drawn: null };
          const input = e => { if (step.input === null) step.input = e.timeStamp; };
          addEventListener('click', input, { capture: true });
          addEventListener('keydown', input, { capture: true });
          const drawn = () => {
            // Cell by cell, with NumberRows' patterns: a row's text runs the number into its extension.
            const cells = [...document.querySelectorAll('[role=row] [role=gridcell], [role=row] [role=cell]')].map(c => c.textContent);
            return cells.some(c => has.test(c)) && !cells.some(c => hasNot.test(c));
          };
          const watch = new MutationObserver(() => {
            if (step.input !== null && drawn()) {
              watch.disconnect();
              removeEventListener('click', input, { capture: true });
              removeEventListener('keydown', input, { capture: true });
              requestAnimationFrame(frame => step.drawn = frame);
            }
          });
          watch.observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    /// <summary>The step's times on the page's clock (input, frame, the list request's start and end from Resource Timing).</summary>
    private const string InPageStepOf = """
        request => {
          const step = window.__step;
          const list = performance.getEntriesByType('resource')
            .filter(e => e.name.includes('/phone-numbers?') && e.name.includes(request) && e.startTime >= step.input).at(-1);
          return [step.input, step.drawn, list.startTime, list.responseEnd];
        }
        """;

    /// <summary>
    /// A timed step: by the test's clock in all; inside the page from the input to the frame drawing the rows, its list
    /// request, and the page's own work before the request and after its answer.
    /// </summary>
    private sealed record Step(double Total, double InPage, double Request, double Before, double After);

    /// <summary>
    /// A new browser context (nothing cached) from navigation to the first row, and what the load fetched. Also when,
    /// from navigation, the first <c>/api</c> request left (the runtime started and the app asked) and the first list
    /// request's answer was in: where the page's cold load spends its time.
    /// </summary>
    private async Task<(double Time, Download? Download, IPage Page, Milestones Milestones)> ColdLoadAsync(
        StaticWebAppsCli site, string path, Func<IPage, ILocator> rows, bool weigh, bool keepOpen = false)
    {
        var page = await browser.OpenAsync(site.Address, SignIn);
        var bodies = new List<Task<byte[]>>();
        if (weigh)
        {
            page.RequestFinished += (_, request) => bodies.Add(BodyAsync(request));
        }

        var clock = Stopwatch.StartNew();
        double? firstApi = null, listIn = null;
        page.Request += (_, request) => firstApi ??= request.Url.Contains("/api/") ? clock.Elapsed.TotalMilliseconds : null;
        page.RequestFinished += (_, request) => listIn ??= request.Url.Contains("/phone-numbers?") ? clock.Elapsed.TotalMilliseconds : null;
        clock.Restart();
        await page.GotoAsync(path);
        await rows(page).First.WaitForAsync(new() { Timeout = 120_000 });
        var time = clock.Elapsed.TotalMilliseconds;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var fetched = await Task.WhenAll(bodies.ToArray());
        var download = weigh ? new Download(fetched.Length, fetched.Sum(b => (long)b.Length), fetched.Sum(Brotli)) : null;
        if (!keepOpen)
        {
            await page.Context.CloseAsync();
        }

        return (time, download, page, new Milestones(firstApi ?? double.NaN, listIn ?? double.NaN));
    }

    private sealed record Milestones(double FirstApiRequest, double ListAnswered);

    private static async Task<byte[]> BodyAsync(IRequest request)
    {
        var response = await request.ResponseAsync();
        try
        {
            return response is null ? [] : await response.BodyAsync();
        }
        catch (PlaywrightException)
        {
            // A redirect has no body.
            return [];
        }
    }

    /// <summary>
    /// What the response weighs compressed. The Static Web Apps CLI sends files uncompressed, Static Web Apps
    /// compresses them: each body at Brotli's smallest size, as the publish's own <c>.br</c> copies are.
    /// </summary>
    private static long Brotli(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            brotli.Write(body);
        }

        return compressed.Length;
    }

    /// <summary>The request alone, as curl would send it, 5 times after one to warm up.</summary>
    private static async Task<List<double>> DirectRequestsAsync(string address, string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var (name, value) = SignIn;
        client.DefaultRequestHeaders.Add("Cookie", $"{name}={value}");
        var times = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    private async Task<StaticWebAppsCli> ServeAsync(string wwwroot)
    {
        var cli = await StaticWebAppsCli.StartAsync(wwwroot, _api.Address);
        _started.Add(cli);
        return cli;
    }

    /// <summary>The template's Weather page: its table's rows of data (cells, not column headers).</summary>
    private static ILocator TemplateRows(IPage page) =>
        page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell) });

    /// <summary>
    /// <c>dotnet new blazorwasm</c> in a temporary folder, on the page's version of Blazor, published as the page is
    /// (Release, trimmed, invariant globalization), with the navigation fallback Static Web Apps needs for /weather.
    /// </summary>
    private string PublishedTemplate()
    {
        var folder = Directory.CreateTempSubdirectory("blazorwasm-template-");
        _started.Add(new Deleted(folder.FullName));
        Run(folder.FullName, "dotnet", "new", "blazorwasm", "--name", "Template", "--output", ".");
        var project = Path.Combine(folder.FullName, "Template.csproj");
        var blazor = PinnedVersion("Microsoft.AspNetCore.Components.WebAssembly");
        File.WriteAllText(project, Regex.Replace(File.ReadAllText(project),
            "(Include=\"Microsoft\\.AspNetCore\\.Components\\.WebAssembly(\\.DevServer)?\" Version=\")[^\"]+", "${1}" + blazor));
        Run(folder.FullName, "dotnet", "publish", "-c", "Release", "-o", "published", "--nologo", "-v", "quiet",
            "-p:PublishTrimmed=true", "-p:InvariantGlobalization=true");
        var wwwroot = Path.Combine(folder.FullName, "published", "wwwroot");
        File.WriteAllText(Path.Combine(wwwroot, "staticwebapp.config.json"),
            """{ "navigationFallback": { "rewrite": "/index.html", "exclude": ["/_framework/*", "/css/*", "/lib/*", "/sample-data/*"] } }""");
        return wwwroot;
    }

    /// <summary>A plain HTML page that fetches the page's first list request and shows its rows.</summary>
    private string PlainPage()
    {
        var folder = Directory.CreateTempSubdirectory("plain-numbers-");
        _started.Add(new Deleted(folder.FullName));
        File.WriteAllText(Path.Combine(folder.FullName, "staticwebapp.config.json"), """{ "navigationFallback": { "rewrite": "/index.html" } }""");
        File.WriteAllText(Path.Combine(folder.FullName, "index.html"), $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Phone numbers</title></head>
            <body>
              <h1>Phone numbers at {{Site}}</h1>
              <table aria-label="Phone numbers"><thead><tr><th>Number</th><th>Status</th></tr></thead><tbody></tbody></table>
              <script>
                fetch('/api/sites/{{Site}}/phone-numbers?pageSize=50').then(r => r.json()).then(list => {
                  const rows = document.querySelector('tbody');
                  for (const n of list.items) {
                    const row = rows.insertRow();
                    row.insertCell().textContent = n.number;
                    row.insertCell().textContent = n.status;
                  }
                });
              </script>
            </body>
            </html>
            """);
        return folder.FullName;
    }

    private static string PinnedVersion(string package)
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "Directory.Packages.props"));
        return Regex.Match(props, $"<PackageVersion Include=\"{Regex.Escape(package)}\" Version=\"([^\"]+)\"").Groups[1].Value;
    }

    private static void Run(string folder, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {stdout.Result} {stderr.Result}");
        }
    }

    private static string Number(int i) => $"+4420800{i:D5}";

    private static double Median(IEnumerable<double> values)
    {
        var ordered = values.Order().ToList();
        return ordered[ordered.Count / 2];
    }

    private static string Ms(IEnumerable<double> values) =>
        $"{Median(values):F0} ms ({string.Join(", ", values.Select(v => v.ToString("F0")))})";

    private static string Kb(long bytes) => $"{bytes / 1024.0:N0} KiB";

    private sealed record Download(int Requests, long Raw, long Compressed);

    private sealed class Deleted(string folder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
