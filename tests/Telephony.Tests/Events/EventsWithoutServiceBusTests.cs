using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Events;

public sealed class EventsWithoutServiceBusTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(configure: services => services.AddLogging(logging => logging.AddProvider(_logs)));
        _api = new Api(_app);
        await _api.SeedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Commands_succeed_and_their_events_stay_pending()
    {
        var number = Api.Number(1);

        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""")).Status);
        await _app.SweepAsync();

        // Never published, so stored as their notes (each the event's record until it is published), and no record.
        Assert.Empty(_app.EventRecords(number));
        var notes = _app.OutboxNotes().Where(n => n.GetString("Number") == number).ToList();
        Assert.Equal(["provisioned", "allocated"], notes.Select(n => n.GetString("Change")));
        Assert.All(notes, n => Assert.False(n.GetBoolean("Published")));
        Assert.False(_app.Get<OutboxPublisher>().IsEnabled);
        Assert.Null(_app.Services.GetService<ServiceBusClient>());
    }

    [Fact]
    public async Task History_and_activity_show_the_events_kept_as_notes()
    {
        var number = Api.Number(1);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""")).Status);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await _api.DeallocateAsync(Api.Site, number)).Status);
        Assert.Empty(_app.EventRecords(number));

        var history = await _app.HistoryAsync(Api.Site, number, "?pageSize=2");
        var rest = await _app.HistoryAsync(Api.Site, number, "?pageSize=2&continuationToken=" + history.Json["continuationToken"]!.GetValue<string>());
        var ofNumber = await _app.ActivityAsync(Api.Site, $"?number={Uri.EscapeDataString(number)}");
        var activity = await _app.ActivityAsync(Api.Site, "?pageSize=2");

        var ids = _app.OutboxNotes().Where(n => n.GetString("Number") == number).Select(n => n.GetString("EventId")).Reverse().ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids, history.Json["items"]!.AsArray().Concat(rest.Json["items"]!.AsArray()).Select(i => i!["eventId"]!.GetValue<string>()));
        Assert.Null(rest.Json["continuationToken"]);
        Assert.Equal([3L, 2L, 1L], ofNumber.Json["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()));
        Assert.Equal(ids.Take(2), activity.Json["items"]!.AsArray().Select(i => i!["eventId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Start_up_says_once_that_publishing_is_off()
    {
        foreach (var service in _app.Services.GetServices<IHostedService>())
        {
            await service.StartAsync(default);
        }

        var warning = Assert.Single(_logs.Entries, e => e.Message.Contains("Event publishing is off"));
        Assert.Equal(LogLevel.Warning, warning.Level);
    }
}

public sealed class ServiceBusConnectionTests
{
    [Fact]
    public async Task An_identity_based_connection_names_the_namespace_and_needs_no_secret()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["ServiceBus:fullyQualifiedNamespace"] = "sb-telephony.servicebus.windows.net",
            ["ServiceBus:credential"] = "managedidentity",
            ["ServiceBus:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var client = app.Get<ServiceBusClient>();

        Assert.Equal("sb-telephony.servicebus.windows.net", client.FullyQualifiedNamespace);
        Assert.True(app.Get<OutboxPublisher>().IsEnabled);
    }
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (provider._entries)
            {
                provider._entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
