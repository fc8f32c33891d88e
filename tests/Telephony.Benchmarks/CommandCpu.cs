using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Benchmarks;

/// <summary>
/// The worker's CPU per command on the whole function path a request takes on the host: the security middleware (the
/// principal, site scoping, the <c>Idempotency-Key</c> record), the function (JSON body, the command, storage through the
/// Azure SDK, telemetry) and the answer written to the response. Process CPU time over many commands from parallel
/// callers; Azurite runs in its own process, so its CPU is not counted. The floor is one raw SDK read and one
/// entity-group transaction of two rows per command; the second floor has the commands' own storage shape (one
/// read: an allocation finds the organization's row in the instance's cache; and the rows each transaction writes), so the two floors part what the storage shape costs
/// from what the code path adds. Allocated bytes per command are counted too: unlike CPU time on a shared machine, they
/// do not move with the load.
/// </summary>
public static class CommandCpu
{
    private const int Callers = 16;

    public static async Task RunAsync(TextWriter report, int commandsPerCaller = 150)
    {
        await using var site = await BenchmarkSite.StartAsync(Callers * 4);
        var middleware = site.App.Get<SecurityMiddleware>();
        var principal = Principals.OperatorOf(BenchmarkSite.SiteId);

        // Warm-up until steady state: tiered compilation (tier 0, instrumented, then tier 1 with dynamic PGO) recompiles
        // hot methods on a background thread for the first few thousand calls; 20 commands per caller left it running
        // inside the measured window (perf: 12.5 % of all samples in the ".NET Tiered Compilation" thread). The JIT
        // time inside each measured window is reported, so a warm-up that falls short shows.
        for (var round = 0; round < 3; round++)
        {
            await CallersAsync(site, middleware, principal, commandsPerCaller);
            await FloorAsync(site, commandsPerCaller, sameShape: false);
            await FloorAsync(site, commandsPerCaller, sameShape: true);
        }

        var app = await MeasureAsync(() => CallersAsync(site, middleware, principal, commandsPerCaller));
        var commands = Callers * commandsPerCaller;

        var floor = await MeasureAsync(() => FloorAsync(site, commandsPerCaller, sameShape: false));
        var shaped = await MeasureAsync(() => FloorAsync(site, commandsPerCaller, sameShape: true));

        report.WriteLine("| path | commands | worker CPU per command | allocated per command | throughput | JIT time in the window |");
        report.WriteLine("|---|---|---|---|---|---|");
        report.WriteLine(Row($"allocate / deallocate through middleware and function, {Callers} callers", app));
        report.WriteLine(Row($"floor: raw read + entity-group transaction of 2 rows, {Callers} callers", floor));
        report.WriteLine(Row($"floor with the commands' storage shape: raw read + transaction of {CommandRows} rows, {Callers} callers", shaped));

        string Row(string path, Measured m) =>
            $"| {path} | {commands:N0} | {m.Cpu.TotalMilliseconds / commands:F2} ms | {m.Allocated / 1024.0 / commands:F0} KB | {commands / m.Wall.TotalSeconds:F0}/s | {m.Jit.TotalMilliseconds:F0} ms |";
    }

    /// <summary>
    /// Rows an allocate or a deallocate writes in its transaction: the number, its event's outbox note (the event's
    /// record until it is published) and activity row, and the Idempotency-Key's record.
    /// </summary>
    private const int CommandRows = 4;

    private sealed record Measured(TimeSpan Cpu, TimeSpan Wall, long Allocated, TimeSpan Jit);

    private static async Task<Measured> MeasureAsync(Func<Task> work)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var wall = Stopwatch.StartNew();
        await work();
        wall.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        return new Measured(process.TotalProcessorTime - cpuBefore, wall.Elapsed, allocated, System.Runtime.JitInfo.GetCompilationTime() - jitBefore);
    }

    /// <summary>Each caller allocates then deallocates its own number, as a person would, with a fresh Idempotency-Key per POST.</summary>
    private static Task CallersAsync(BenchmarkSite site, SecurityMiddleware middleware, string principal, int commandsPerCaller) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            var number = BenchmarkSite.Number(caller);
            for (var i = 0; i < commandsPerCaller; i++)
            {
                var action = i % 2 == 0 ? "allocate" : "deallocate";
                var body = action == "allocate" ? """{"allocateTo":"operator"}""" : null;
                var request = HttpCall.Request("POST", $"/api/sites/{BenchmarkSite.SiteId}/phone-numbers/{number}/{action}", body,
                    headers: Principals.As(principal, new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() }));
                var functions = site.App.Function<PhoneNumberFunctions>();
                object? result = null;
                await middleware.InvokeAsync(request.HttpContext, action == "allocate" ? nameof(PhoneNumberFunctions.AllocatePhoneNumber) : nameof(PhoneNumberFunctions.DeallocatePhoneNumber),
                    Gate.Values(("siteId", BenchmarkSite.SiteId), ("number", number)),
                    async () => result = action == "allocate"
                        ? await functions.AllocatePhoneNumber(request, BenchmarkSite.SiteId, number, default)
                        : await functions.DeallocatePhoneNumber(request, BenchmarkSite.SiteId, number, default),
                    r => result = r);
                var answer = await ((IActionResult)result!).ExecuteAsync(request);
                if (answer.Status != 200)
                {
                    throw new InvalidOperationException($"{action} {number}: {answer}");
                }
            }
        }));

    private static Task FloorAsync(BenchmarkSite site, int commandsPerCaller, bool sameShape) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            var number = BenchmarkSite.Number(Callers + caller);
            for (var i = 0; i < commandsPerCaller; i++)
            {
                var entity = (await site.Raw.GetEntityAsync<TableEntity>(BenchmarkSite.SiteId, "num|" + number)).Value;
                entity["Bench"] = i;
                List<TableTransactionAction> rows = [new(TableTransactionActionType.UpdateReplace, entity, entity.ETag)];
                rows.AddRange(Enumerable.Range(0, sameShape ? CommandRows - 1 : 1).Select(_ =>
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(BenchmarkSite.SiteId, $"bench|{Guid.NewGuid():N}"))));
                await site.Raw.SubmitTransactionAsync(rows);
            }
        }));
}
