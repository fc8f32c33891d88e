using System.Diagnostics;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Provisioning;
using Telephony.Tests.Support;
using Xunit.Abstractions;

namespace Telephony.Tests.CoolingOff;

public sealed class CoolingOffScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Sites = 50;
    private const int NumbersPerSite = 400;
    private const int DuePerSite = 2;
    private const int LaterPerSite = 2;

    private readonly StorageOperations _operations = new();
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await CountedStorage.StartAppAsync(_operations);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_release_run_reads_and_writes_only_the_due_numbers_and_the_index_not_the_inventory()
    {
        var seeding = Stopwatch.StartNew();
        var provisioning = _app.Get<NumberProvisioning>();
        var due = new HashSet<string>();
        var dueDate = TestApp.Start.AddDays(1);
        var laterDate = TestApp.Start.AddDays(30);
        await Parallel.ForEachAsync(Enumerable.Range(0, Sites), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (site, ct) =>
        {
            var rows = Enumerable.Range(0, NumbersPerSite).Select(i => new ProvisioningRow(
                i + 2, $"+442071{site:D2}{i:D4}", $"{i:D4}", "London", "false",
                i < DuePerSite ? $"{dueDate:O}" : i < DuePerSite + LaterPerSite ? $"{laterDate:O}" : null,
                "false", null)).ToList();
            var report = await provisioning.ImportAsync(SiteId(site), rows, ct);
            Assert.Equal(NumbersPerSite, report.Value.Created);
        });
        for (var site = 0; site < Sites; site++)
        {
            for (var i = 0; i < DuePerSite; i++)
            {
                due.Add($"{SiteId(site)}|+442071{site:D2}{i:D4}");
            }
        }

        seeding.Stop();
        _app.Clock.Advance(TimeSpan.FromDays(2));

        _operations.Start();
        var running = Stopwatch.StartNew();
        var run = await _app.Get<CoolingOffRelease>().RunAsync(default);
        running.Stop();
        var requests = _operations.Stop();

        Assert.Equal(new CoolingOffReleaseRun(Sites * DuePerSite, 0, 0), run);
        output.WriteLine(
            $"Seeded {Sites * NumbersPerSite} numbers in {seeding.Elapsed.TotalSeconds:F1} s; the release run released {run.Released} " +
            $"with {requests.Count} storage operations in {running.Elapsed.TotalSeconds:F2} s.");

        // Per due number: read it, commit it with its event and the event's outbox note; its index entry is removed with
        // up to 99 others in one transaction of the index's partition; plus the index range query. (With Service Bus
        // configured, publishing adds a note query and a mark transaction.)
        var removals = (due.Count + CoolingOffRelease.RemovalBatch - 1) / CoolingOffRelease.RemovalBatch;
        Assert.InRange(requests.Count, due.Count * 2 + removals + 1, due.Count * 2 + removals + 5);
        var batches = requests.Count(r => r.Contains("$batch", StringComparison.Ordinal));
        Assert.Equal(due.Count + removals, batches);
        foreach (var request in requests.Where(r => !r.Contains("$batch", StringComparison.Ordinal)))
        {
            var touchesIndex = request.Contains("cooling-off-index", StringComparison.Ordinal);
            var touchesDueNumber = due.Any(d => request.Contains($"PartitionKey='{d.Split('|')[0]}'", StringComparison.Ordinal)
                && request.Contains($"num|{d.Split('|')[1]}'", StringComparison.Ordinal));
            Assert.True(touchesIndex || touchesDueNumber, request);
        }

        var stillCooling = 0;
        await foreach (var _ in _app.Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey ge {"num|"} and RowKey lt {"num}"} and Status eq {PhoneNumberStatus.Cooldown.ToWire()}"), select: ["RowKey"]))
        {
            stillCooling++;
        }

        Assert.Equal(Sites * LaterPerSite, stillCooling);
        Assert.Equal(Sites * LaterPerSite, (await _app.IndexRowKeysAsync()).Count);
    }

    private static string SiteId(int site) => $"site-{site:D2}";
}
