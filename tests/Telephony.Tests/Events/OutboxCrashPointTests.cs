using Azure;
using Azure.Data.Tables;
using Telephony.Domain.PhoneNumbers;
using Telephony.Tests.Events.Amqp;
using Telephony.Tests.Support;
using static Telephony.Tests.Events.EventTestSupport;

namespace Telephony.Tests.Events;

/// <summary>
/// The outbox's guarantees at each point a process can stop: before the commit, after the commit and before the publish,
/// after the publish and before the mark. No event is lost, a number's events arrive in order, a re-send keeps its
/// MessageId, and nothing is published for a change that never committed.
/// </summary>
public sealed class OutboxCrashPointTests : IAsyncLifetime
{
    private readonly FakeServiceBusBroker _broker = FakeServiceBusBroker.Start();
    private readonly StorageFaults _faults = new();
    private TestApp _app = null!;
    private Api _api = null!;
    private readonly string _number = Api.Number(2);

    public async Task InitializeAsync()
    {
        (_app, _api) = await StartSeededWithBrokerAsync(_broker, _faults);
        // Committed and published: sequence 2, the number RESERVED for the operator.
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, _number, """{"allocateTo":"operator"}""")).Status);
        await _broker.WaitForMessagesAsync(Topic, 1);
        // A publish slower than the caller's wait (a busy machine) marks the site for the sweep: clear that too.
        await _app.SweepAsync();
        _broker.Clear();
        Assert.Empty(_app.OutboxNotes());
        Assert.Empty(_app.PendingSites());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_change_that_stops_before_its_commit_leaves_nothing_to_publish()
    {
        _faults.CrashAt(CrashPoint.BeforeTheTransaction);

        await Assert.ThrowsAsync<SimulatedCrash>(StartActivationAsync);

        Assert.Equal([1L, 2L], _app.Events(_number).Select(r => r.GetInt64("Sequence")!.Value));
        Assert.Empty(_app.OutboxNotes());
        await _app.ReconcileAsync();
        Assert.Empty(_app.PendingSites());
        await _app.SweepAsync();
        Assert.Empty(_broker.MessagesFor(Topic));
    }

    [Fact]
    public async Task A_change_that_loses_a_race_leaves_nothing_to_publish()
    {
        var stale = (await _app.Get<IPhoneNumberStore>().FindAsync(Api.Site, _number, default))!;
        Assert.Equal(200, (await _api.DeallocateAsync(Api.Site, _number)).Status);
        await _broker.WaitForMessagesAsync(Topic, 1);

        Assert.True(stale.StartActivation("op-lost", _app.Clock.GetUtcNow()).IsSuccess);
        Assert.False(await _app.Get<IPhoneNumberStore>().TrySaveAsync(stale, null, default));

        await _app.ReconcileAsync();
        await _app.SweepAsync();
        Assert.Equal(["deallocated"], _broker.MessagesFor(Topic).DistinctBy(m => m.MessageId).Select(m => m.Subject!.Split('.')[2]));
        Assert.DoesNotContain(_app.Events(_number), r => r.GetString("OperationId") == "op-lost");
        Assert.Empty(_app.OutboxNotes());
    }

    [Fact]
    public async Task A_change_that_stops_after_its_commit_and_before_its_publish_is_published_by_the_reconciliation_in_order()
    {
        _faults.CrashAt(CrashPoint.AfterTheTransaction);

        await Assert.ThrowsAsync<SimulatedCrash>(StartActivationAsync);

        // Committed as its note (the event's record until it is published), published by nobody, and no site marked:
        // the sweep alone would never see it.
        var note = Assert.Single(_app.OutboxNotes());
        Assert.Equal((_number, 3L), (note.GetString("Number"), note.GetInt64("Sequence")));
        Assert.Equal([1L, 2L], _app.EventRecords(_number).Select(r => r.GetInt64("Sequence")!.Value));
        Assert.Empty(_app.PendingSites());
        await _app.SweepAsync();
        Assert.Empty(_broker.MessagesFor(Topic));

        // A later change of the same number, left to the sweep too (the next crash), must not overtake it.
        _faults.CrashAt(CrashPoint.AfterTheTransaction);
        await Assert.ThrowsAsync<SimulatedCrash>(FailActivationAsync);

        await _app.ReconcileAsync();
        Assert.Equal([Api.Site], _app.PendingSites());
        await _app.SweepAsync();

        var messages = await _broker.WaitForMessagesAsync(Topic, 2);
        Assert.Equal([3L, 4L], messages.Select(m => (long)m.ApplicationProperties["sequence"]!));
        Assert.Equal(note.GetString("EventId"), messages[0].MessageId);
        Assert.Equal([1L, 2L, 3L, 4L], _app.EventRecords(_number).Select(r => r.GetInt64("Sequence")!.Value));
        Assert.All(_app.EventRecords(_number), r => Assert.True(r.GetBoolean("Published")));
        Assert.Empty(_app.OutboxNotes());
        Assert.Empty(_app.PendingSites());
    }

    [Fact]
    public async Task A_change_that_stops_after_its_publish_and_before_the_mark_is_sent_again_with_the_same_message_id()
    {
        // The commit goes through; the transaction that writes the event's record and removes its note does not.
        _faults.CrashAt(CrashPoint.BeforeTheTransaction, letThrough: 1);

        Assert.Equal(200, (await _api.DeallocateAsync(Api.Site, _number)).Status);

        var first = Assert.Single(await _broker.WaitForMessagesAsync(Topic, 1));
        // Sent, and still stored as its note: no record.
        Assert.Equal(3L, Assert.Single(_app.OutboxNotes()).GetInt64("Sequence"));
        Assert.Equal([1L, 2L], _app.EventRecords(_number).Select(r => r.GetInt64("Sequence")!.Value));
        // A process that lives on marks the site for the sweep; one that died did not: model the death.
        await WaitUntilAsync(() => _app.PendingSites().Count == 1);
        await _app.Table.DeleteEntityAsync("~pending", Api.Site, ETag.All);
        await _app.SweepAsync();
        Assert.Single(_broker.MessagesFor(Topic));

        await _app.ReconcileAsync();
        await _app.SweepAsync();

        var messages = await _broker.WaitForMessagesAsync(Topic, 2);
        Assert.Equal(first.MessageId, messages[1].MessageId);
        Assert.Equal(first.BodyAsString, messages[1].BodyAsString);
        var record = _app.EventRecords(_number).Last();
        Assert.Equal((3L, first.MessageId, true), (record.GetInt64("Sequence"), record.GetString("EventId"), record.GetBoolean("Published")));
        Assert.Equal(3, _app.EventRecords(_number).Count);
        Assert.Empty(_app.OutboxNotes());
        Assert.Empty(_app.PendingSites());
    }

    [Fact]
    public async Task The_reconciliation_marks_only_sites_with_unpublished_events()
    {
        await _app.ReconcileAsync();

        Assert.Empty(_app.PendingSites());
    }

    private async Task StartActivationAsync()
    {
        var store = _app.Get<IPhoneNumberStore>();
        var number = (await store.FindAsync(Api.Site, _number, default))!;
        Assert.True(number.StartActivation("op-1", _app.Clock.GetUtcNow()).IsSuccess);
        await store.TrySaveAsync(number, null, default);
    }

    private async Task FailActivationAsync()
    {
        var store = _app.Get<IPhoneNumberStore>();
        var number = (await store.FindAsync(Api.Site, _number, default))!;
        Assert.True(number.FailOperation("op-1", "voice platform refused", _app.Clock.GetUtcNow()));
        await store.TrySaveAsync(number, null, default);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(50))
        {
            Assert.True(waited < TimeSpan.FromSeconds(10), "the condition never held");
            await Task.Delay(50);
        }
    }
}
