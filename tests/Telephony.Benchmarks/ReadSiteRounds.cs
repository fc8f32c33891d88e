using System.Diagnostics;

namespace Telephony.Benchmarks;

/// <summary>
/// The read-site benchmarks in interleaved rounds, for a machine shared with other work: each round runs every benchmark
/// once, in turn, and each is compared with the floor scan of the same round, so load that comes and goes over minutes
/// weighs on both sides of a ratio alike (BenchmarkDotNet runs one benchmark's iterations back to back, minutes apart
/// from the floor's). Also counts the storage queries each makes: on Azurite each query scans the whole table.
/// </summary>
public static class ReadSiteRounds
{
    public static async Task RunAsync(TextWriter report, int rounds)
    {
        report.WriteLine($"| read-site, {rounds} interleaved rounds | size | median time | median ratio to `FloorScan` | storage queries |");
        report.WriteLine("|---|---|---|---|---|");
        await Rounds.ForEachSiteAsync((benchmarks, size) => MeasureAsync(benchmarks, size, rounds, report));
    }

    private static async Task MeasureAsync(InventoryBenchmarks benchmarks, int size, int rounds, TextWriter report)
    {
        var cases = new (string Name, Func<Task> Run)[]
        {
            (nameof(benchmarks.FloorScan), benchmarks.FloorScan),
            (nameof(benchmarks.FloorScanRestartedPerPage), benchmarks.FloorScanRestartedPerPage),
            (nameof(benchmarks.ListAllPages), benchmarks.ListAllPages),
            (nameof(benchmarks.ListWithStatusFilter), benchmarks.ListWithStatusFilter),
            (nameof(benchmarks.ListWithSearch), benchmarks.ListWithSearch),
            (nameof(benchmarks.Facets), benchmarks.Facets),
            (nameof(benchmarks.Overview), benchmarks.Overview),
            (nameof(benchmarks.Export), benchmarks.Export),
        };

        // The first run of each warms it up and counts its queries.
        var queries = new Dictionary<string, int>();
        foreach (var (name, run) in cases)
        {
            benchmarks.Site.Operations.Start();
            await run();
            queries[name] = benchmarks.Site.Operations.Stop().Count(IsQuery);
        }

        var times = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var ratios = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var roundTimes = new Dictionary<string, double>();
            foreach (var (name, run) in cases)
            {
                var clock = Stopwatch.StartNew();
                await run();
                roundTimes[name] = clock.Elapsed.TotalMilliseconds;
                times[name].Add(roundTimes[name]);
            }

            foreach (var (name, _) in cases)
            {
                ratios[name].Add(roundTimes[name] / roundTimes[nameof(benchmarks.FloorScan)]);
            }
        }

        foreach (var (name, _) in cases)
        {
            report.WriteLine($"| `{name}` | {size:N0} | {Rounds.Median(times[name]):F0} ms | {Rounds.Median(ratios[name]):F2}× | {queries[name]} |");
        }
    }

    /// <summary>A table query (<c>GET …/table()?$filter=…</c>), whether by this app's client or the floor's.</summary>
    internal static bool IsQuery(string request) =>
        request.StartsWith("GET", StringComparison.Ordinal) && request.Contains("()?", StringComparison.Ordinal);
}
