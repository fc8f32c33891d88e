using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Events;
using Telephony.Tests.Events.Amqp;
using Telephony.Tests.Support;

namespace Telephony.Tests.Events;

/// <summary>What the event tests share: an app publishing to a fake broker, the sweep, the history call, raw records.</summary>
internal static class EventTestSupport
{
    public const string Topic = "phone-number-events";

    /// <summary>
    /// The app with <c>ServiceBus</c> set to the broker, and client retries that give up at once; with
    /// <paramref name="storagePolicy"/> on its Table client (per call, e.g. <see cref="StorageFaults"/> to make its
    /// transactions crash, or <see cref="StorageOperations"/> to count them).
    /// </summary>
    public static async Task<TestApp> StartWithBrokerAsync(FakeServiceBusBroker broker, Azure.Core.Pipeline.HttpPipelinePolicy? storagePolicy = null)
    {
        var azurite = await Azurite.InstanceAsync();
        return await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ServiceBus"] = broker.ConnectionString },
            services =>
            {
                services.Configure<ServiceBusClientOptions>("Default", options =>
                    options.RetryOptions = FakeServiceBusBroker.FastClientOptions().RetryOptions);
                if (storagePolicy is not null)
                {
                    var options = new TableClientOptions();
                    options.AddPolicy(storagePolicy, Azure.Core.HttpPipelinePosition.PerCall);
                    services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
                }
            });
    }

    /// <summary>
    /// <see cref="StartWithBrokerAsync"/> with the default site seeded, its import's "provisioned" events (left to the
    /// sweep) published, and the topic emptied, so a test starts from a quiet broker.
    /// </summary>
    public static async Task<(TestApp App, Api Api)> StartSeededWithBrokerAsync(FakeServiceBusBroker broker, Azure.Core.Pipeline.HttpPipelinePolicy? storagePolicy = null)
    {
        var app = await StartWithBrokerAsync(broker, storagePolicy);
        var api = new Api(app);
        await api.SeedAsync();
        await app.SweepAsync();
        await broker.WaitForMessagesAsync(Topic, 5);
        broker.Clear();
        return (app, api);
    }

    public static Task SweepAsync(this TestApp app) =>
        app.Function<EventFunctions>().SweepPendingEvents(new TimerInfo(), default);

    public static async Task<HttpAnswer> HistoryAsync(this TestApp app, string siteId, string number, string query = "")
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteId}/phone-numbers/{number}/history{query}");
        return await (await app.Function<EventFunctions>().GetPhoneNumberHistory(request, siteId, number, default)).ExecuteAsync(request);
    }

    /// <summary>
    /// The number's event records (<c>evt|</c>, written when an event is published), oldest first. An event not published
    /// yet is its outbox note: <see cref="StoredEvents.Events"/> has both.
    /// </summary>
    public static List<TableEntity> EventRecords(this TestApp app, string number, string siteId = Api.Site) =>
        app.Rows(siteId, "evt|" + number + "|");

    /// <summary>Every outbox note (<c>out|{number}|{sequence}</c> in a site's partition), read by a scan as only a test may.</summary>
    public static List<TableEntity> OutboxNotes(this TestApp app) =>
        app.Table.Query<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"out|"} and RowKey lt {"out}"}")).ToList();

    /// <summary>Waits until no note is left: a publish that carries on after the change's answer has moved its events to their records.</summary>
    public static async Task WaitUntilAllPublishedAsync(this TestApp app)
    {
        for (var waited = TimeSpan.Zero; app.OutboxNotes().Count > 0; waited += TimeSpan.FromMilliseconds(50))
        {
            Assert.True(waited < TimeSpan.FromSeconds(10), "notes were left unpublished");
            await Task.Delay(50);
        }
    }

    /// <summary>The sites marked as having pending events, which the sweep visits.</summary>
    public static List<string> PendingSites(this TestApp app) =>
        app.Table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"~pending"}")).Select(e => e.RowKey).ToList();

    public static Task ReconcileAsync(this TestApp app) =>
        app.Function<EventFunctions>().ReconcilePendingEvents(new TimerInfo(), default);

    /// <summary>Starts activating a RESERVED number as the activation workflow does: the aggregate's rule, then the store's commit.</summary>
    public static async Task StartActivationAsync(this TestApp app, string number, string operationId)
    {
        var store = app.Get<IPhoneNumberStore>();
        var phoneNumber = (await store.FindAsync(Api.Site, number, default))!;
        Assert.True(phoneNumber.StartActivation(operationId, app.Clock.GetUtcNow()).IsSuccess);
        Assert.True(await store.TrySaveAsync(phoneNumber, null, default));
    }
}

public static class ActivityCalls
{
    public static async Task<HttpAnswer> ActivityAsync(this TestApp app, string siteId, string query = "")
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteId}/activity{query}");
        return await (await app.Function<Telephony.Functions.Events.EventFunctions>().GetSiteActivity(request, siteId, default)).ExecuteAsync(request);
    }
}
