using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Telephony.Benchmarks;

// dotnet run -c Release --project tests/Telephony.Benchmarks            : everything (timings, then operation counts)
// dotnet run -c Release --project tests/Telephony.Benchmarks -- counts  : only the storage-operation counts
// dotnet run -c Release --project tests/Telephony.Benchmarks -- cpu     : only the worker's CPU per command (full function path)
// dotnet run -c Release --project tests/Telephony.Benchmarks -- rounds [n] : the read-site benchmarks in n interleaved rounds (7)
// dotnet run -c Release --project tests/Telephony.Benchmarks -- overview-rounds [n] : the overview against the facets at 20,000 numbers, n interleaved rounds (7)
// dotnet run -c Release --project tests/Telephony.Benchmarks -- command-rounds [n] : allocate + deallocate against shaped floors, n interleaved rounds (7)
// dotnet run -c Release --project tests/Telephony.Benchmarks -- proxy-limit : a 20,000-row import and export against Static Web Apps' 45 s
if (args is ["proxy-limit"])
{
    await ProxyLimit.RunAsync(Console.Out);
    return;
}

if (args is ["cpu"])
{
    await CommandCpu.RunAsync(Console.Out);
    return;
}

if (args is ["rounds", ..] && args.Length <= 2)
{
    await ReadSiteRounds.RunAsync(Console.Out, args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7);
    return;
}

if (args is ["overview-rounds", ..] && args.Length <= 2)
{
    await OverviewRounds.RunAsync(Console.Out, args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7);
    return;
}

if (args is ["command-rounds", ..] && args.Length <= 2)
{
    await CommandRounds.RunAsync(Console.Out, args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7);
    return;
}

if (args is ["counts"])
{
    await OperationCounts.RunAsync(Console.Out);
    return;
}

// In process: the benchmarks share the tests' harness (Azurite, the app's registrations) with this process.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8).WithLaunchCount(1))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(InventoryBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
await OperationCounts.RunAsync(Console.Out);
