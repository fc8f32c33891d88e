using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Common;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Events;
using Telephony.Tests.Events.Amqp;
using Telephony.Tests.Support;
using static Telephony.Tests.Events.EventTestSupport;

namespace Telephony.Tests.Events;

public sealed class EventPublishingTests : IAsyncLifetime
{
    private readonly FakeServiceBusBroker _broker = FakeServiceBusBroker.Start();
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        // An import leaves its "provisioned" events to the sweep; they are published so each test starts from an empty topic.
        (_app, _api) = await StartSeededWithBrokerAsync(_broker);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task An_import_leaves_its_events_to_the_sweep_which_publishes_each_once()
    {
        Assert.Empty(_app.OutboxNotes());
        Assert.Empty(_app.PendingSites());
        Assert.All(Enumerable.Range(0, 5), i => Assert.True(_app.EventRecords(Api.Number(i)).Single().GetBoolean("Published")));

        await _app.SweepAsync();

        Assert.Empty(_broker.MessagesFor(Topic));
    }

    [Fact]
    public async Task An_allocation_arrives_as_a_cloud_event_with_the_properties_consumers_filter_on()
    {
        var number = Api.Number(1);
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);

        var message = Assert.Single(await _broker.WaitForMessagesAsync(Topic, 1));
        await _app.WaitUntilAllPublishedAsync();
        var record = _app.EventRecords(number).Last();
        Assert.Equal(2L, record.GetInt64("Sequence"));
        Assert.Equal(record.GetString("EventId"), message.MessageId);
        Assert.Equal("telephony.phone-number.allocated.v1", message.Subject);
        Assert.Equal("application/cloudevents+json", message.ContentType);
        Assert.Null(message.CorrelationId);
        Assert.Equal(number, message.SessionId);
        Assert.Equal(Api.Site, message.Property("siteId"));
        Assert.Equal(number, message.Property("number"));
        Assert.Equal("RESERVED", message.Property("status"));
        Assert.Equal("acme", message.Property("organizationId"));

        var body = JsonNode.Parse(message.BodyAsString)!;
        Assert.Equal("1.0", body["specversion"]!.GetValue<string>());
        Assert.Equal(message.MessageId, body["id"]!.GetValue<string>());
        Assert.Equal($"/sites/{Api.Site}", body["source"]!.GetValue<string>());
        Assert.Equal("telephony.phone-number.allocated.v1", body["type"]!.GetValue<string>());
        Assert.Equal(number, body["subject"]!.GetValue<string>());
        Assert.Equal(TestApp.Start, DateTimeOffset.Parse(body["time"]!.GetValue<string>()));
        Assert.Equal("application/json", body["datacontenttype"]!.GetValue<string>());
        var expectedData = JsonNode.Parse($$"""
            {"number":"{{number}}","siteId":"{{Api.Site}}","previousStatus":"AVAILABLE","status":"RESERVED",
             "organizationId":"acme","operationId":null,"sequence":2}
            """);
        Assert.True(JsonNode.DeepEquals(expectedData, body["data"]), body["data"]!.ToJsonString());

        Assert.True(record.GetBoolean("Published"));
        Assert.Empty(_app.OutboxNotes());
    }

    [Fact]
    public async Task An_activation_start_carries_its_operation_as_the_correlation_id()
    {
        var number = Api.Number(2);
        await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""");
        await _app.StartActivationAsync(number, "op-activate-1");

        var messages = await _broker.WaitForMessagesAsync(Topic, 2);
        var started = messages[1];
        Assert.Equal("telephony.phone-number.activation-started.v1", started.Subject);
        Assert.Equal("op-activate-1", started.CorrelationId);
        Assert.Equal("PENDING", started.Property("status"));
        Assert.Equal("operator", started.Property("organizationId"));
        var data = JsonNode.Parse(started.BodyAsString)!["data"]!;
        Assert.Equal("op-activate-1", data["operationId"]!.GetValue<string>());
        Assert.Equal("RESERVED", data["previousStatus"]!.GetValue<string>());
        Assert.Equal(3, data["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_change_whose_publish_fails_still_succeeds_and_the_sweep_publishes_it_later()
    {
        var number = Api.Number(1);
        _broker.FailNextSends(1000);

        var answer = await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal("RESERVED", (await _api.GetAsync(Api.Site, number)).Json["status"]!.GetValue<string>());
        // Stored as its note until it is published: no record yet.
        var note = Assert.Single(_app.OutboxNotes());
        Assert.Equal(2L, note.GetInt64("Sequence"));
        Assert.Equal([1L], _app.EventRecords(number).Select(r => r.GetInt64("Sequence")!.Value));
        Assert.Empty(_broker.MessagesFor(Topic));
        Assert.Equal([Api.Site], _app.PendingSites());

        await _app.SweepAsync();
        Assert.Empty(_broker.MessagesFor(Topic));
        Assert.Equal([Api.Site], _app.PendingSites());

        _broker.Recover();
        await _app.SweepAsync();
        Assert.Empty(_app.PendingSites());

        var message = Assert.Single(await _broker.WaitForMessagesAsync(Topic, 1));
        Assert.Equal(note.GetString("EventId"), message.MessageId);
        var record = _app.EventRecords(number).Last();
        Assert.Equal((2L, note.GetString("EventId"), true), (record.GetInt64("Sequence"), record.GetString("EventId"), record.GetBoolean("Published")));
        Assert.Empty(_app.OutboxNotes());
    }

    [Fact]
    public async Task A_numbers_events_are_published_in_sequence_order_after_an_outage()
    {
        var number = Api.Number(3);
        _broker.FailNextSends(1000);
        await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""");
        await _api.DeallocateAsync(Api.Site, number);
        await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"occupier","occupierId":"acme"}""");
        _broker.Recover();
        _app.Clock.Advance(EventOutbox.PauseAfterFailure);

        // The next change publishes the earlier pending events first.
        await _api.DeallocateAsync(Api.Site, number);

        var messages = await _broker.WaitForMessagesAsync(Topic, 4);
        Assert.Equal([2L, 3L, 4L, 5L], messages.Select(m => (long)m.ApplicationProperties["sequence"]!));
        Assert.Equal(
            ["allocated", "deallocated", "allocated", "deallocated"],
            messages.Select(m => m.Subject!.Split('.')[2]));
        Assert.Empty(_app.OutboxNotes());
    }

    [Fact]
    public async Task The_sweep_never_publishes_a_later_event_of_a_number_before_an_earlier_one()
    {
        var number = Api.Number(0);
        var other = Api.Number(4);
        _broker.FailNextSends(1000);
        await _api.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""");
        await _api.DeallocateAsync(Api.Site, number);
        await _api.AllocateAsync(Api.Site, other, """{"allocateTo":"operator"}""");

        // Only the first send of the sweep fails: the number's first event.
        _broker.FailNextSends(1);
        await _app.SweepAsync();

        var afterFirstSweep = _broker.MessagesFor(Topic);
        Assert.DoesNotContain(afterFirstSweep, m => m.SessionId == number);
        Assert.Equal(other, Assert.Single(afterFirstSweep).SessionId);

        await _app.SweepAsync();

        var ofNumber = (await _broker.WaitForMessagesAsync(Topic, 3)).Where(m => m.SessionId == number).ToList();
        Assert.Equal([2L, 3L], ofNumber.Select(m => (long)m.ApplicationProperties["sequence"]!));
        Assert.Empty(_app.OutboxNotes());
    }

    [Fact]
    public async Task After_a_failed_publish_changes_leave_their_events_to_the_sweep_for_a_while()
    {
        _broker.FailNextSends(1);
        await _api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""");
        Assert.Equal(1, _broker.RejectedSendCount);

        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"operator"}""")).Status);
        Assert.Empty(_broker.MessagesFor(Topic));
        Assert.Equal(1, _broker.RejectedSendCount);

        _app.Clock.Advance(EventOutbox.PauseAfterFailure);
        await _api.AllocateAsync(Api.Site, Api.Number(3), """{"allocateTo":"operator"}""");
        Assert.Equal(Api.Number(3), Assert.Single(await _broker.WaitForMessagesAsync(Topic, 1)).SessionId);

        await _app.SweepAsync();
        Assert.Equal(3, (await _broker.WaitForMessagesAsync(Topic, 3)).Count);
    }

    [Fact]
    public async Task A_sweep_stops_when_the_broker_keeps_failing()
    {
        var rows = Enumerable.Range(0, 8).Select(i => $"+44207123{4600 + i},{4600 + i},,false,,false,");
        Assert.Equal(200, (await _api.ImportAsync(Api.Site, "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n" + string.Join("\n", rows))).Status);
        _broker.FailNextSends(1000);

        await _app.SweepAsync();

        Assert.Equal(OutboxPublisher.SweepGivesUpAfterFailures, _broker.RejectedSendCount);
        _broker.Recover();
        await _app.SweepAsync();
        Assert.Equal(8, (await _broker.WaitForMessagesAsync(Topic, 8)).Count);
        Assert.Empty(_app.OutboxNotes());
    }
}
