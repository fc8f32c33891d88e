using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Provisioning;
using Telephony.Tests.Support;

namespace Telephony.Benchmarks;

/// <summary>
/// The app on Azurite (its own registrations, the tests' harness) with one site of <c>size</c> numbers, and a pipeline
/// policy counting every storage request.
/// </summary>
public sealed class BenchmarkSite : IAsyncDisposable
{
    public const string SiteId = "bench";

    private BenchmarkSite(TestApp app, StorageOperations operations, TableClient raw)
    {
        App = app;
        Operations = operations;
        Raw = raw;
    }

    public TestApp App { get; }

    public StorageOperations Operations { get; }

    /// <summary>A plain SDK client on the same table (its requests counted too): the floor every operation is compared with.</summary>
    public TableClient Raw { get; }

    public static string Number(int i) => $"+4420{i:D8}";

    public static async Task<BenchmarkSite> StartAsync(int size, Action<IServiceCollection>? configure = null)
    {
        var azurite = await Azurite.InstanceAsync();
        var operations = new StorageOperations();
        var options = new TableClientOptions();
        options.AddPolicy(operations, HttpPipelinePosition.PerRetry);
        var app = await TestApp.StartAsync(configure: services =>
        {
            services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
            configure?.Invoke(services);
        });
        var rows = Enumerable.Range(0, size)
            .Select(i => new ProvisioningRow(i + 2, Number(i), $"{i % 100000:D5}", "Bench range", "false", null, "false", null))
            .ToList();
        var report = await app.Get<NumberProvisioning>().ImportAsync(SiteId, rows, default);
        if (report.Value.Created != size)
        {
            throw new InvalidOperationException($"Seeded {report.Value.Created} of {size} numbers.");
        }

        var raw = new TableClient(azurite.ConnectionString, app.TableName, options);
        return new BenchmarkSite(app, operations, raw);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
