using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Telephony.Functions;

namespace Telephony.Tests.Support;

/// <summary>
/// The app's own service registrations, on Azurite, with a table of its own and a fake clock.
/// Function classes are created from it the way the Functions worker creates them.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private TestApp(ServiceProvider services, string tableName, string connectionString)
    {
        Services = services;
        TableName = tableName;
        Table = new TableClient(connectionString, tableName);
    }

    public ServiceProvider Services { get; }

    public string TableName { get; }

    /// <summary>The raw table, for asserting what was stored.</summary>
    public TableClient Table { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public static async Task<TestApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var azurite = await Azurite.InstanceAsync();
        var tableName = "t" + Guid.NewGuid().ToString("N")[..20];
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["TelephonyStorage"] = azurite.ConnectionString,
                ["Telephony:TableName"] = tableName,
                ["Telephony:DefaultRegion"] = "GB",
                ["Telephony:DefaultCoolingOffDays"] = "90",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddTelephonyApp(configuration)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        configure?.Invoke(services);
        return new TestApp(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), tableName, azurite.ConnectionString);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A function class, created with its dependencies from the app's container.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public async ValueTask DisposeAsync()
    {
        await Table.DeleteAsync();
        await Services.DisposeAsync();
    }
}
