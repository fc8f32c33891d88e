using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Common;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Provisioning;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Benchmarks;

/// <summary>
/// What BenchmarkDotNet does not show: storage operations per command (counted by an Azure SDK pipeline policy),
/// activation end to end on the in-process Durable host, and a cooling-off release run at scale.
/// </summary>
public static class OperationCounts
{
    public static async Task RunAsync(TextWriter report)
    {
        report.WriteLine("| measurement | site size | storage operations | time |");
        report.WriteLine("|---|---|---|---|");
        foreach (var size in new[] { 1_000, 5_000, 20_000 })
        {
            await CommandsAsync(size, report);
        }

        await ActivationAsync(report);
        await CoolingOffReleaseAsync(report);
    }

    private static async Task CommandsAsync(int size, TextWriter report)
    {
        await using var site = await BenchmarkSite.StartAsync(size);
        var allocate = site.App.Get<AllocateHandler>();
        var deallocate = site.App.Get<DeallocateHandler>();
        const int samples = 20;
        var allocateOps = new List<string>();
        var deallocateOps = new List<string>();
        var allocateTime = new Stopwatch();
        var deallocateTime = new Stopwatch();
        for (var i = 0; i < samples; i++)
        {
            var number = new NumberRef(new SiteId(BenchmarkSite.SiteId), BenchmarkSite.Number(i * (size / samples)));
            site.Operations.Start();
            allocateTime.Start();
            Check(await allocate.AllocateAsync(number, Allocation.Operator, default));
            allocateTime.Stop();
            allocateOps.AddRange(site.Operations.Stop());
            site.Operations.Start();
            deallocateTime.Start();
            Check(await deallocate.DeallocateAsync(number, default));
            deallocateTime.Stop();
            deallocateOps.AddRange(site.Operations.Stop());
        }

        report.WriteLine($"| allocate (per command) | {size:N0} | {Describe(allocateOps, samples)} | {allocateTime.Elapsed.TotalMilliseconds / samples:F1} ms |");
        report.WriteLine($"| deallocate (per command) | {size:N0} | {Describe(deallocateOps, samples)} | {deallocateTime.Elapsed.TotalMilliseconds / samples:F1} ms |");
    }

    private static async Task ActivationAsync(TextWriter report)
    {
        var operations = new StorageOperations();
        var azurite = await Azurite.InstanceAsync();
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(operations, Azure.Core.HttpPipelinePosition.PerRetry);
        await using var harness = await ActivationHarness.StartAsync(services =>
            services.AddSingleton(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString, options)));
        const int samples = 10;
        await harness.Api.SeedAsync(count: samples);
        await harness.Api.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Ltd","voiceServices":20}""");
        var ops = new List<string>();
        var clock = new Stopwatch();
        for (var i = 0; i < samples; i++)
        {
            await harness.Api.AllocateAsync(Api.Site, Api.Number(i), """{"allocateTo":"occupier","occupierId":"acme"}""");
            operations.Start();
            clock.Start();
            var started = await harness.ActivateAsync(Api.Site, Api.Number(i));
            await harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(started));
            clock.Stop();
            ops.AddRange(operations.Stop());
        }

        report.WriteLine($"| activation, request to ACTIVE (in-process Durable host) | {samples} numbers | {Describe(ops, samples)} | {clock.Elapsed.TotalMilliseconds / samples:F1} ms |");
    }

    private static async Task CoolingOffReleaseAsync(TextWriter report)
    {
        const int size = 20_000;
        const int due = 100;
        var dueDate = TestApp.Start.AddDays(1);
        var operations = new StorageOperations();
        var azurite = await Azurite.InstanceAsync();
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(operations, Azure.Core.HttpPipelinePosition.PerRetry);
        await using var app = await TestApp.StartAsync(configure: services =>
            services.AddSingleton(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString, options)));
        var rows = Enumerable.Range(0, size)
            .Select(i => new ProvisioningRow(i + 2, BenchmarkSite.Number(i), $"{i:D5}", "Bench", "false", i % (size / due) == 0 ? $"{dueDate:O}" : null, "false", null))
            .ToList();
        Check(await app.Get<NumberProvisioning>().ImportAsync(BenchmarkSite.SiteId, rows, default));
        app.Clock.Advance(TimeSpan.FromDays(2));
        operations.Start();
        var clock = Stopwatch.StartNew();
        var run = await app.Get<CoolingOffRelease>().RunAsync(default);
        clock.Stop();
        var ops = operations.Stop();
        report.WriteLine($"| cooling-off release run ({run.Released} released of {due} due) | {size:N0} | {ops.Count} in all, {Describe(ops, due)} | {clock.Elapsed.TotalMilliseconds:F0} ms |");
    }

    /// <summary>Per sample: how many reads (GET), transactions ($batch) and other requests.</summary>
    private static string Describe(IReadOnlyList<string> ops, int samples)
    {
        var batches = ops.Count(o => o.Contains("$batch", StringComparison.Ordinal));
        var reads = ops.Count(o => o.StartsWith("GET", StringComparison.Ordinal));
        var other = ops.Count - batches - reads;
        return $"{(double)ops.Count / samples:0.##} per item: {(double)reads / samples:0.##} read(s), {(double)batches / samples:0.##} transaction(s), {(double)other / samples:0.##} other";
    }

    private static void Check<T>(Telephony.Domain.Common.Result<T> result)
    {
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(result.Error!.Detail);
        }
    }
}
