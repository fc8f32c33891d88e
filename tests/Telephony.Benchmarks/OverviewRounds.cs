using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Organizations;
using Telephony.Tests.Support;

namespace Telephony.Benchmarks;

/// <summary>
/// The overview against the facets (its target: within 1.2× of them) on a site of 20,000 numbers shaped as a site in use
/// holds them: occupiers holding numbers, the operator's numbers in service, numbers cooling off over the coming months.
/// Interleaved rounds, as <see cref="ReadSiteRounds"/>: each round runs the floor scan, then the facets and the overview
/// in turn (which goes first alternates), and each ratio is taken within one round.
/// </summary>
public static class OverviewRounds
{
    private const int Size = 20_000;
    private const int Occupiers = 12;

    public static async Task RunAsync(TextWriter report, int rounds)
    {
        var benchmarks = new InventoryBenchmarks { Size = Size };
        benchmarks.Setup();
        try
        {
            await ShapeAsync(benchmarks.Site);
            await MeasureAsync(benchmarks, rounds, report);
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    /// <summary>
    /// 12 occupiers; every 10th number RESERVED for one of them, every 20th ACTIVE for the operator, every 25th cooling
    /// off until a day 0 to 119 days ahead (so across the 13 weeks and later), written straight to the table.
    /// </summary>
    private static async Task ShapeAsync(BenchmarkSite site)
    {
        var occupiers = site.App.Get<OccupierAdministration>();
        for (var o = 0; o < Occupiers; o++)
        {
            var put = await occupiers.PutAsync(BenchmarkSite.SiteId, $"occupier-{o:D2}", new OccupierRequest($"Occupier {o:D2}", 2), default);
            if (!put.IsSuccess)
            {
                throw new InvalidOperationException(put.Error!.Detail);
            }
        }

        var now = site.App.Clock.GetUtcNow();
        var changes = new List<TableTransactionAction>();
        for (var i = 0; i < Size; i++)
        {
            var entity = new TableEntity(BenchmarkSite.SiteId, "num|" + BenchmarkSite.Number(i));
            if (i % 10 == 1)
            {
                (entity["Status"], entity["AllocationType"], entity["OccupierId"]) = ("RESERVED", "occupier", $"occupier-{i / 10 % Occupiers:D2}");
            }
            else if (i % 20 == 2)
            {
                (entity["Status"], entity["AllocationType"]) = ("ACTIVE", "operator");
            }
            else if (i % 25 == 3)
            {
                (entity["Status"], entity["CoolingOffUntil"]) = ("COOLDOWN", now.AddDays(i % 120));
            }
            else
            {
                continue;
            }

            changes.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, ETag.All));
        }

        foreach (var batch in changes.Chunk(100))
        {
            await site.Raw.SubmitTransactionAsync(batch);
        }
    }

    private static async Task MeasureAsync(InventoryBenchmarks benchmarks, int rounds, TextWriter report)
    {
        var cases = new (string Name, Func<Task> Run)[]
        {
            (nameof(benchmarks.FloorScan), benchmarks.FloorScan),
            (nameof(benchmarks.Facets), benchmarks.Facets),
            (nameof(benchmarks.Overview), benchmarks.Overview),
        };

        // The first run of each warms it up and counts its queries.
        var queries = new Dictionary<string, int>();
        foreach (var (name, run) in cases)
        {
            benchmarks.Site.Operations.Start();
            await run();
            queries[name] = benchmarks.Site.Operations.Stop().Count(ReadSiteRounds.IsQuery);
        }

        var times = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var toFloor = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var toFacets = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? cases : [cases[0], cases[2], cases[1]];
            var roundTimes = new Dictionary<string, double>();
            foreach (var (name, run) in order)
            {
                var clock = Stopwatch.StartNew();
                await run();
                roundTimes[name] = clock.Elapsed.TotalMilliseconds;
                times[name].Add(roundTimes[name]);
            }

            foreach (var (name, _) in cases)
            {
                toFloor[name].Add(roundTimes[name] / roundTimes[nameof(benchmarks.FloorScan)]);
            }

            toFacets.Add(roundTimes[nameof(benchmarks.Overview)] / roundTimes[nameof(benchmarks.Facets)]);
        }

        report.WriteLine($"| {Size:N0} numbers, {rounds} interleaved rounds | median time | median ratio to `FloorScan` | median ratio to `Facets` | storage queries |");
        report.WriteLine("|---|---|---|---|---|");
        foreach (var (name, _) in cases)
        {
            var facets = name == nameof(benchmarks.Overview) ? $"{Rounds.Median(toFacets):F2}× (max {toFacets.Max():F2}×)" : "";
            report.WriteLine($"| `{name}` | {Rounds.Median(times[name]):F0} ms | {Rounds.Median(toFloor[name]):F2}× | {facets} | {queries[name]} |");
        }
    }
}
