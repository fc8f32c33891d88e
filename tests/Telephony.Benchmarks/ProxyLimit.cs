using System.Diagnostics;
using System.Text;
using Telephony.Tests.Support;

namespace Telephony.Benchmarks;

/// <summary>
/// Static Web Apps ends every proxied <c>/api</c> request after 45 s. This times the largest import the API accepts
/// (20,000 rows, a new site) and the export of that site, through the function classes as the tests call them, on
/// Azurite: what the Function app itself spends; docs/benchmarks.md says what that means behind the proxy.
/// </summary>
public static class ProxyLimit
{
    public const int Rows = 20_000;

    /// <summary>The rows per request the page sends (web/Api/ImportChunks.cs).</summary>
    public const int ChunkRows = 1_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(45);

    public static async Task RunAsync(TextWriter report, int runs = 2)
    {
        await using var app = await TestApp.StartAsync();
        var api = new Api(app);
        report.WriteLine($"| run | import 20,000 rows in one request (new site) | export 20,000 rows | import in {Rows / ChunkRows} requests of {ChunkRows:N0} rows (new site): slowest request, all |");
        report.WriteLine("|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            var site = $"proxy-limit-{Guid.NewGuid():N}"[..40];
            var csv = Csv(run);

            var clock = Stopwatch.StartNew();
            var import = await api.ImportAsync(site, csv);
            var importTime = clock.Elapsed;
            Check(import.Status == 200 && import.Json["created"]!.GetValue<int>() == Rows, $"import: {import.Status} {Head(import.Body)}");

            clock.Restart();
            var export = await api.ExportAsync(site);
            var exportTime = clock.Elapsed;
            var lines = export.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            Check(export.Status == 200 && lines == Rows + 1, $"export: {export.Status}, {lines} lines");

            var (slowest, all) = await ChunkedImportAsync(api, $"proxy-chunks-{Guid.NewGuid():N}"[..40], csv);

            report.WriteLine($"| {run} | {importTime.TotalSeconds:F1} s ({importTime / Limit:P0} of 45 s) | {exportTime.TotalSeconds:F1} s ({exportTime / Limit:P0}) | {slowest.TotalSeconds:F1} s ({slowest / Limit:P0}), {all.TotalSeconds:F1} s |");
        }
    }

    /// <summary>The same file as the page sends it: the header and <see cref="ChunkRows"/> rows per request.</summary>
    private static async Task<(TimeSpan Slowest, TimeSpan All)> ChunkedImportAsync(Api api, string site, string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var slowest = TimeSpan.Zero;
        var all = Stopwatch.StartNew();
        for (var first = 1; first < lines.Length; first += ChunkRows)
        {
            var clock = Stopwatch.StartNew();
            var chunk = await api.ImportAsync(site, lines[0] + "\n" + string.Join("\n", lines.Skip(first).Take(ChunkRows)));
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            Check(chunk.Status == 200 && chunk.Json["created"]!.GetValue<int>() == Math.Min(ChunkRows, lines.Length - first), $"chunk at {first}: {chunk.Status} {Head(chunk.Body)}");
        }

        return (slowest, all.Elapsed);
    }

    /// <summary>The import format of docs/demo-site.csv, a distinct number range per run.</summary>
    private static string Csv(int run)
    {
        var csv = new StringBuilder("number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append($"+44207{run}{i:D6},{i % 100000:D5},Proxy limit range,false,,false,\n");
        }

        return csv.ToString();
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }

    private static string Head(string body) => body.Length > 300 ? body[..300] : body;
}
