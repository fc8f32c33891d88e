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
            .AddInMemoryCollection(ExampleSettings.Value)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["TelephonyStorage"] = azurite.ConnectionString,
                ["Telephony:TableName"] = tableName,
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

    /// <summary>
    /// The settings of <c>functions/local.settings.json.example</c>, as the Functions host would pass them: the app under
    /// test runs with exactly what a newcomer's first <c>npm start</c> gives it.
    /// </summary>
    internal static readonly Lazy<IReadOnlyDictionary<string, string?>> ExampleSettings = new(() =>
    {
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "local.settings.json.example");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":"), p => (string?)p.Value.GetString());
    });

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A function class, created with its dependencies from the app's container.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public async ValueTask DisposeAsync()
    {
        await Table.DeleteAsync();
        await Services.DisposeAsync();
    }
}
