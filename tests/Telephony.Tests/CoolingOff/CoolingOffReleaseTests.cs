using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Events;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.CoolingOff;
using Telephony.Infrastructure.Tables;
using Telephony.Tests.Support;

namespace Telephony.Tests.CoolingOff;

public sealed class CoolingOffReleaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(90);
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _api.SeedAsync(count: 6);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private CoolingOffRelease Release => _app.Get<CoolingOffRelease>();

    [Fact]
    public async Task Deallocating_a_number_that_was_in_service_starts_the_sites_cooling_off_period()
    {
        await _app.PutInServiceAsync(_api, Api.Site, Api.Number(0));

        var answer = await _api.DeallocateAsync(Api.Site, Api.Number(0));

        Assert.Equal(200, answer.Status);
        Assert.Equal("COOLDOWN", answer.Json["status"]!.GetValue<string>());
        Assert.Equal(TestApp.Start + Period, answer.Json["coolingOffUntil"]!.GetValue<DateTimeOffset>());
        Assert.Equal("[]", answer.Json["allowedActions"]!.ToJsonString());
        Assert.Single(await _app.IndexRowKeysAsync());
    }

    [Fact]
    public async Task Deallocating_a_number_never_in_service_returns_it_straight_to_the_pool()
    {
        await _api.AllocateAsync(Api.Site, Api.Number(0), """{"allocateTo":"operator"}""");

        var answer = await _api.DeallocateAsync(Api.Site, Api.Number(0));

        Assert.Equal("AVAILABLE", answer.Json["status"]!.GetValue<string>());
        Assert.Null(answer.Json["coolingOffUntil"]);
        Assert.Empty(await _app.IndexRowKeysAsync());
    }

    [Fact]
    public async Task Allocation_is_refused_before_the_date_and_allowed_after_it_even_before_the_release_runs()
    {
        await _app.PutInServiceAsync(_api, Api.Site, Api.Number(0));
        await _api.DeallocateAsync(Api.Site, Api.Number(0));

        _app.Clock.Advance(Period - TimeSpan.FromMinutes(1));
        var early = await _api.AllocateAsync(Api.Site, Api.Number(0), """{"allocateTo":"operator"}""");
        Assert.Equal(409, early.Status);
        Assert.Equal("cooling-off-in-force", early.ProblemCode);

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var due = await _api.AllocateAsync(Api.Site, Api.Number(0), """{"allocateTo":"operator"}""");
        Assert.Equal(200, due.Status);
        Assert.Equal("RESERVED", due.Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_release_run_releases_exactly_the_due_numbers()
    {
        await _app.PutInServiceAsync(_api, Api.Site, Api.Number(0));
        await _api.DeallocateAsync(Api.Site, Api.Number(0));
        _app.Clock.Advance(TimeSpan.FromDays(10));
        await _app.PutInServiceAsync(_api, Api.Site, Api.Number(1));
        await _api.DeallocateAsync(Api.Site, Api.Number(1));

        _app.Clock.Advance(Period - TimeSpan.FromDays(5));
        var run = await Release.RunAsync(default);

        Assert.Equal(new CoolingOffReleaseRun(1, 0, 0), run);
        var released = await _api.GetAsync(Api.Site, Api.Number(0));
        Assert.Equal("AVAILABLE", released.Json["status"]!.GetValue<string>());
        Assert.Null(released.Json["coolingOffUntil"]);
        Assert.Equal(1, await _app.EventCountAsync(Api.Site, Api.Number(0), PhoneNumberEventTypes.Released));
        Assert.Equal("COOLDOWN", (await _api.GetAsync(Api.Site, Api.Number(1))).Json["status"]!.GetValue<string>());
        Assert.Single(await _app.IndexRowKeysAsync());

        _app.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(new CoolingOffReleaseRun(1, 0, 0), await Release.RunAsync(default));
        Assert.Equal("AVAILABLE", (await _api.GetAsync(Api.Site, Api.Number(1))).Json["status"]!.GetValue<string>());
        Assert.Empty(await _app.IndexRowKeysAsync());
    }

    [Fact]
    public async Task Two_overlapping_release_runs_release_each_due_number_once_with_one_event()
    {
        for (var i = 0; i < 6; i++)
        {
            await _app.PutInServiceAsync(_api, Api.Site, Api.Number(i));
            await _api.DeallocateAsync(Api.Site, Api.Number(i));
        }

        _app.Clock.Advance(Period);
        var runs = await Task.WhenAll(Release.RunAsync(default), Release.RunAsync(default));

        Assert.Equal(6, runs.Sum(r => r.Released));
        Assert.Equal(0, runs.Sum(r => r.Failed));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("AVAILABLE", (await _app.NumberAsync(Api.Site, Api.Number(i))).Status.ToWire());
            Assert.Equal(1, await _app.EventCountAsync(Api.Site, Api.Number(i), PhoneNumberEventTypes.Released));
        }

        Assert.Empty(await _app.IndexRowKeysAsync());
    }

    [Fact]
    public async Task A_stale_index_entry_for_a_reallocated_number_is_skipped_without_harm_and_removed()
    {
        await _app.PutInServiceAsync(_api, Api.Site, Api.Number(0));
        await _api.DeallocateAsync(Api.Site, Api.Number(0));
        _app.Clock.Advance(Period + TimeSpan.FromMinutes(5));
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), """{"allocateTo":"operator"}""")).Status);

        var run = await Release.RunAsync(default);

        Assert.Equal(new CoolingOffReleaseRun(0, 1, 0), run);
        var number = await _app.NumberAsync(Api.Site, Api.Number(0));
        Assert.Equal(PhoneNumberStatus.Reserved, number.Status);
        Assert.Equal(0, await _app.EventCountAsync(Api.Site, Api.Number(0), PhoneNumberEventTypes.Released));
        Assert.Empty(await _app.IndexRowKeysAsync());
    }

    [Fact]
    public async Task A_missing_index_entry_is_repaired_by_reconciliation_and_the_number_then_released()
    {
        await _app.PutInServiceAsync(_api, Api.Site, Api.Number(0));
        await _api.DeallocateAsync(Api.Site, Api.Number(0));
        var lost = (await _app.IndexRowKeysAsync()).Single();
        await _app.Table.DeleteEntityAsync(Keys.CoolingOffIndexPartition, lost);
        _app.Clock.Advance(Period);
        Assert.Equal(new CoolingOffReleaseRun(0, 0, 0), await Release.RunAsync(default));

        var repaired = await _app.Get<CoolingOffReconciliation>().RunAsync(default);

        Assert.Equal(1, repaired);
        Assert.Equal([lost], await _app.IndexRowKeysAsync());
        Assert.Equal(0, await _app.Get<CoolingOffReconciliation>().RunAsync(default));
        Assert.Equal(new CoolingOffReleaseRun(1, 0, 0), await Release.RunAsync(default));
        Assert.Equal(PhoneNumberStatus.Available, (await _app.NumberAsync(Api.Site, Api.Number(0))).Status);
    }

    [Fact]
    public async Task Importing_a_number_with_a_future_date_indexes_it_for_release()
    {
        var until = TestApp.Start.AddDays(3);
        await _api.ImportAsync(Api.Site, $"number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n+442071239900,9900,,false,{until:O},false,");

        Assert.Equal(PhoneNumberStatus.Cooldown, (await _app.NumberAsync(Api.Site, "+442071239900")).Status);
        _app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(new CoolingOffReleaseRun(1, 0, 0), await Release.RunAsync(default));
        Assert.Equal(PhoneNumberStatus.Available, (await _app.NumberAsync(Api.Site, "+442071239900")).Status);
    }

    [Fact]
    public async Task A_run_releases_more_due_numbers_than_one_removal_transaction_holds_and_removes_every_entry()
    {
        const int due = CoolingOffRelease.RemovalBatch + 30;
        var until = TestApp.Start.AddDays(3);
        var csv = "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n" + string.Join("\n",
            Enumerable.Range(0, due).Select(i => $"+4420713{i:D5},{i:D4},,false,{until:O},false,"));
        Assert.Equal(200, (await _api.ImportAsync(Api.Site, csv)).Status);
        Assert.Equal(due, (await _app.IndexRowKeysAsync()).Count);
        _app.Clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(new CoolingOffReleaseRun(due, 0, 0), await Release.RunAsync(default));

        Assert.Empty(await _app.IndexRowKeysAsync());
        Assert.Equal(PhoneNumberStatus.Available, (await _app.NumberAsync(Api.Site, "+442071300000")).Status);
        Assert.Equal(PhoneNumberStatus.Available, (await _app.NumberAsync(Api.Site, $"+4420713{due - 1:D5}")).Status);
        Assert.Equal(new CoolingOffReleaseRun(0, 0, 0), await Release.RunAsync(default));
    }

    [Fact]
    public async Task Removing_index_entries_of_which_one_is_already_gone_removes_the_rest()
    {
        var index = _app.Get<ICoolingOffIndex>();
        var until = TestApp.Start.AddDays(1);
        CoolingOffEntry[] entries = [new(until, Api.Site, Api.Number(0)), new(until, Api.Site, Api.Number(1)), new(until, Api.Site, Api.Number(2))];
        await index.AddAsync(entries, default);
        await _app.Table.DeleteEntityAsync(Keys.CoolingOffIndexPartition, TableCoolingOffIndex.RowKey(entries[1]));

        await index.RemoveAsync(entries, default);

        Assert.Empty(await _app.IndexRowKeysAsync());
    }

    [Fact]
    public async Task A_failing_number_does_not_stop_the_others_and_is_retried_by_the_next_run()
    {
        var failing = new FailingStore(Api.Number(1));
        var logs = new CapturedLogs();
        await using var app = await TestApp.StartAsync(configure: services => services
            .AddSingleton<IPhoneNumberStore>(sp => failing.Wrap(ActivatorUtilities.CreateInstance<TablePhoneNumberStore>(sp)))
            .AddSingleton<ILoggerProvider>(logs)
            .Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Information));
        var api = new Api(app);
        await api.SeedAsync(count: 3);
        for (var i = 0; i < 3; i++)
        {
            await app.PutInServiceAsync(api, Api.Site, Api.Number(i));
            await api.DeallocateAsync(Api.Site, Api.Number(i));
        }

        app.Clock.Advance(Period);
        failing.Failing = true;
        Assert.Equal(new CoolingOffReleaseRun(2, 0, 1), await app.Get<CoolingOffRelease>().RunAsync(default));
        Assert.Equal(PhoneNumberStatus.Cooldown, (await app.NumberAsync(Api.Site, Api.Number(1))).Status);
        var summary = logs.Entries.Last(e => e.Template.StartsWith("Cooling-off release run", StringComparison.Ordinal));
        Assert.Equal("Cooling-off release run: {Released} released, {Skipped} skipped, {Failed} failed", summary.Template);
        Assert.Equal((2, 0, 1), (summary.Values["Released"], summary.Values["Skipped"], summary.Values["Failed"]));

        failing.Failing = false;
        Assert.Equal(new CoolingOffReleaseRun(1, 0, 0), await app.Get<CoolingOffRelease>().RunAsync(default));
        Assert.Equal(PhoneNumberStatus.Available, (await app.NumberAsync(Api.Site, Api.Number(1))).Status);
    }

    /// <summary>Every log entry's message template and structured values.</summary>
    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<(string Template, IReadOnlyDictionary<string, object?> Values)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                var all = values.ToDictionary(v => v.Key, v => v.Value);
                Entries.Enqueue(((string)all["{OriginalFormat}"]!, all));
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>A store whose commits of one number fail with a storage error while <see cref="Failing"/> is set.</summary>
    private sealed class FailingStore(string number)
    {
        public string Number { get; } = number;

        public bool Failing { get; set; }

        public IPhoneNumberStore Wrap(IPhoneNumberStore inner) => new Store(inner, this);

        private sealed class Store(IPhoneNumberStore inner, FailingStore owner) : IPhoneNumberStore
        {
            public Task<PhoneNumber?> FindAsync(string siteId, string n, CancellationToken cancellationToken) => inner.FindAsync(siteId, n, cancellationToken);

            public Task<bool> TrySaveAsync(PhoneNumber n, Organization? organization, CancellationToken cancellationToken) =>
                owner.Failing && n.Number == owner.Number
                    ? throw new Azure.RequestFailedException(503, "Storage is unavailable.")
                    : inner.TrySaveAsync(n, organization, cancellationToken);

            public Task<CommitOutcome> TryCommitAsync(PhoneNumber n, Organization? organization, KeptAnswer? kept, CancellationToken cancellationToken) =>
                owner.Failing && n.Number == owner.Number
                    ? throw new Azure.RequestFailedException(503, "Storage is unavailable.")
                    : inner.TryCommitAsync(n, organization, kept, cancellationToken);

            public Task<IReadOnlyList<bool>> AddAsync(IReadOnlyList<PhoneNumber> numbers, CancellationToken cancellationToken) => inner.AddAsync(numbers, cancellationToken);

            public Task<PhoneNumberPage> ListAsync(string siteId, PhoneNumberFilter filter, int pageSize, string? after, CancellationToken cancellationToken) =>
                inner.ListAsync(siteId, filter, pageSize, after, cancellationToken);

            public IAsyncEnumerable<PhoneNumber> QueryAsync(string siteId, PhoneNumberFilter filter, CancellationToken cancellationToken) =>
                inner.QueryAsync(siteId, filter, cancellationToken);

            public Task<IReadOnlySet<string>> NumbersAsync(string siteId, CancellationToken cancellationToken) => inner.NumbersAsync(siteId, cancellationToken);
        }
    }
}
