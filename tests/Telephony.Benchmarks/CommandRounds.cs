using System.Diagnostics;

namespace Telephony.Benchmarks;

/// <summary>
/// Allocate plus deallocate against raw floors of several storage shapes, in interleaved rounds (as
/// <see cref="ReadSiteRounds"/> does for reading a site): each round runs every case for a batch of pairs, in turn, and
/// each is compared with the plain floor of the same round, so load that comes and goes weighs on both sides of a ratio.
/// The shaped floors show what each extra read or row per transaction costs on the emulator by itself.
/// </summary>
public static class CommandRounds
{
    private const int PairsPerBatch = 40;

    public static async Task RunAsync(TextWriter report, int rounds)
    {
        report.WriteLine($"| command, {rounds} interleaved rounds of {PairsPerBatch} pairs | size | median per pair | median ratio to the plain floor |");
        report.WriteLine("|---|---|---|---|");
        await Rounds.ForEachSiteAsync((benchmarks, size) => MeasureAsync(benchmarks, size, rounds, report));
    }

    private static async Task MeasureAsync(InventoryBenchmarks benchmarks, int size, int rounds, TextWriter report)
    {
        const string plain = "floor: 1 read, 2 rows per transaction";
        var cases = new (string Name, Func<Task> Run)[]
        {
            (plain, benchmarks.FloorReadAndTransactionTwice),
            ("floor: 1 read, 3 rows (the commands' shape: number, note, activity row)", () => benchmarks.FloorShapedAsync(3)),
            ("floor: 1 read, 4 rows (the shape before the record moved to the publish)", () => benchmarks.FloorShapedAsync(4)),
            ("floor: 1 read, 6 rows (the shape before issue 14's last pass)", () => benchmarks.FloorShapedAsync(6)),
            (nameof(benchmarks.AllocateThenDeallocate), benchmarks.AllocateThenDeallocate),
        };

        // Warm-up: three batches of every case, so tiered compilation is done before the first measured round (the
        // CPU benchmark found a short warm-up measuring the JIT rather than the command).
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            foreach (var (_, run) in cases)
            {
                await BatchAsync(run);
            }
        }

        var times = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var ratios = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var roundTimes = new Dictionary<string, double>();
            foreach (var (name, run) in cases)
            {
                roundTimes[name] = await BatchAsync(run) / PairsPerBatch;
                times[name].Add(roundTimes[name]);
            }

            foreach (var (name, _) in cases)
            {
                ratios[name].Add(roundTimes[name] / roundTimes[plain]);
            }
        }

        foreach (var (name, _) in cases)
        {
            report.WriteLine($"| {name} | {size:N0} | {Rounds.Median(times[name]):F2} ms | {Rounds.Median(ratios[name]):F2}× |");
        }
    }

    private static async Task<double> BatchAsync(Func<Task> run)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < PairsPerBatch; i++)
        {
            await run();
        }

        return clock.Elapsed.TotalMilliseconds;
    }
}
