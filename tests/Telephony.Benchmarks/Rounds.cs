namespace Telephony.Benchmarks;

/// <summary>What the interleaved-rounds modes share: a site of each benchmark size, and the median of a round's figures.</summary>
internal static class Rounds
{
    /// <summary>Runs <paramref name="measure"/> on a site of 1,000, 5,000 and 20,000 numbers in turn.</summary>
    public static async Task ForEachSiteAsync(Func<InventoryBenchmarks, int, Task> measure)
    {
        foreach (var size in new[] { 1_000, 5_000, 20_000 })
        {
            var benchmarks = new InventoryBenchmarks { Size = size };
            benchmarks.Setup();
            try
            {
                await measure(benchmarks, size);
            }
            finally
            {
                benchmarks.Cleanup();
            }
        }
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
