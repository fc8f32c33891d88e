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
/// callers; Azurite runs in its own process, so its CPU is not counted. The floor is the same number of raw SDK reads and
/// entity-group transactions.
/// </summary>
public static class CommandCpu
{
    private const int Callers = 16;

    public static async Task RunAsync(TextWriter report, int commandsPerCaller = 150)
    {
        await using var site = await BenchmarkSite.StartAsync(Callers * 4);
        var middleware = site.App.Get<SecurityMiddleware>();
        var principal = Principals.OperatorOf(BenchmarkSite.SiteId);

        await CallersAsync(site, middleware, principal, 20); // warm-up: JIT, connection pool
        var (cpu, wall) = await MeasureAsync(() => CallersAsync(site, middleware, principal, commandsPerCaller));
        var commands = Callers * commandsPerCaller;

        var (floorCpu, floorWall) = await MeasureAsync(() => FloorAsync(site, commandsPerCaller));

        report.WriteLine("| path | commands | worker CPU per command | throughput |");
        report.WriteLine("|---|---|---|---|");
        report.WriteLine($"| allocate / deallocate through middleware and function, {Callers} callers | {commands:N0} | {cpu.TotalMilliseconds / commands:F2} ms | {commands / wall.TotalSeconds:F0}/s |");
        report.WriteLine($"| floor: raw read + entity-group transaction, {Callers} callers | {commands:N0} | {floorCpu.TotalMilliseconds / commands:F2} ms | {commands / floorWall.TotalSeconds:F0}/s |");
    }

    private static async Task<(TimeSpan Cpu, TimeSpan Wall)> MeasureAsync(Func<Task> work)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await work();
        wall.Stop();
        process.Refresh();
        return (process.TotalProcessorTime - cpuBefore, wall.Elapsed);
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

    private static Task FloorAsync(BenchmarkSite site, int commandsPerCaller) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            var number = BenchmarkSite.Number(Callers + caller);
            for (var i = 0; i < commandsPerCaller; i++)
            {
                var entity = (await site.Raw.GetEntityAsync<TableEntity>(BenchmarkSite.SiteId, "num|" + number)).Value;
                entity["Bench"] = i;
                await site.Raw.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, entity.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(BenchmarkSite.SiteId, $"bench|{Guid.NewGuid():N}")),
                ]);
            }
        }));
}
