using Azure.Data.Tables;
using Telephony.Domain.Events;
using Telephony.Tests.Administration;
using Telephony.Tests.Events.Amqp;
using Telephony.Tests.Support;
using static Telephony.Tests.Events.EventTestSupport;

namespace Telephony.Tests.Events;

/// <summary>
/// A command's transaction writes the number, its event's outbox note and its activity row: the note is the event's
/// record until the event is published, when one transaction writes the record (<c>evt|</c>) and removes the note.
/// </summary>
public sealed class CommandRowsTests : SeededSiteTests
{
    [Fact]
    public async Task A_command_writes_exactly_its_number_its_events_note_and_its_activity_row()
    {
        var number = Api.Number(1);

        var beforeAllocation = SiteRows();
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""")).Status);
        var afterAllocation = SiteRows();
        Assert.Equal(200, (await Http.DeallocateAsync(Api.Site, number)).Status);

        Assert.Equal(["act|", "num|", "out|"], Written(beforeAllocation, afterAllocation).Select(Prefix));
        var written = Written(afterAllocation, SiteRows());
        Assert.Equal(["act|", "num|", "out|"], written.Select(Prefix));
        Assert.Equal([$"num|{number}", $"out|{number}|{3:D12}"], written.Where(k => !k.StartsWith("act|", StringComparison.Ordinal)));
    }

    /// <summary>The site partition's rows, each key with its version.</summary>
    private Dictionary<string, string> SiteRows() =>
        App.Table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Api.Site}"), select: ["RowKey"])
            .ToDictionary(e => e.RowKey, e => e.ETag.ToString());

    /// <summary>The keys of rows added or rewritten between two reads, in key order.</summary>
    private static List<string> Written(Dictionary<string, string> before, Dictionary<string, string> after) =>
        after.Where(row => !before.TryGetValue(row.Key, out var version) || version != row.Value)
            .Select(row => row.Key).Order(StringComparer.Ordinal).ToList();

    private static string Prefix(string rowKey) => rowKey[..(rowKey.IndexOf('|') + 1)];
}

/// <summary>
/// A number's events are its records (published) and its notes (not yet): history and removal read both.
/// </summary>
public sealed class EventsStoredAsNotesTests : IAsyncLifetime
{
    private readonly FakeServiceBusBroker _broker = FakeServiceBusBroker.Start();
    private readonly StorageOperations _operations = new();
    private TestApp _app = null!;
    private Api _api = null!;
    private readonly string _number = Api.Number(1);

    public async Task InitializeAsync()
    {
        (_app, _api) = await StartSeededWithBrokerAsync(_broker, _operations);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task History_of_published_events_and_later_ones_still_notes_is_complete_newest_first_and_paged_across_both()
    {
        // Sequences 2–4 published (records); then the broker fails and 5–7 are left to the sweep (notes).
        await ChangeAsync(3);
        await _broker.WaitForMessagesAsync(Topic, 3);
        await _app.WaitUntilAllPublishedAsync();
        _broker.FailNextSends(1000);
        await ChangeAsync(3);
        Assert.Equal([1L, 2L, 3L, 4L], _app.EventRecords(_number).Select(r => r.GetInt64("Sequence")!.Value));
        Assert.Equal([5L, 6L, 7L], _app.OutboxNotes().Select(n => n.GetInt64("Sequence")!.Value));

        var whole = await _app.HistoryAsync(Api.Site, _number);
        var pages = new List<long[]>();
        string? token = null;
        do
        {
            var page = await _app.HistoryAsync(Api.Site, _number, "?pageSize=2" + (token is null ? "" : "&continuationToken=" + token));
            Assert.Equal(200, page.Status);
            pages.Add(Sequences(page));
            token = page.Json["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal([7L, 6L, 5L, 4L, 3L, 2L, 1L], Sequences(whole));
        Assert.Equal(_app.Events(_number).Select(e => e.GetString("EventId")).Reverse(), whole.Json["items"]!.AsArray().Select(i => i!["eventId"]!.GetValue<string>()));
        Assert.Equal([[7L, 6L], [5L, 4L], [3L, 2L], [1L]], pages);
        var ofNumber = await _app.ActivityAsync(Api.Site, $"?number={Uri.EscapeDataString(_number)}&pageSize=3");
        Assert.Equal([7L, 6L, 5L], Sequences(ofNumber));
    }

    [Fact]
    public async Task A_history_page_of_published_events_reads_their_records_alone_and_one_with_notes_reads_those_too()
    {
        await ChangeAsync(2);
        await _broker.WaitForMessagesAsync(Topic, 2);
        await _app.WaitUntilAllPublishedAsync();

        var published = await EventReadsAsync(() => _app.HistoryAsync(Api.Site, _number));
        _broker.FailNextSends(1000);
        await ChangeAsync(1);
        var withNote = await EventReadsAsync(() => _app.HistoryAsync(Api.Site, _number));

        Assert.Equal([$"evt|{_number}|{1:D12}"], published);
        // The records of 1–4, then the note of the one missing.
        Assert.Equal([$"evt|{_number}|{1:D12}", $"out|{_number}|{4:D12}"], withNote);
    }

    [Fact]
    public async Task A_removed_numbers_history_ends_at_its_removal_while_that_is_still_a_note()
    {
        await ChangeAsync(2);
        await _broker.WaitForMessagesAsync(Topic, 2);
        await _app.WaitUntilAllPublishedAsync();
        _broker.FailNextSends(1000);

        Assert.Equal(204, (await _app.RemoveAsync(_number)).Status);

        Assert.Equal(4L, Assert.Single(_app.OutboxNotes()).GetInt64("Sequence"));
        Assert.Equal(4L, await _app.Get<IEventHistory>().LastSequenceAsync(Api.Site, _number, default));
        var history = await _app.HistoryAsync(Api.Site, _number);
        Assert.Equal([4L, 3L, 2L, 1L], Sequences(history));
        Assert.Equal("telephony.phone-number.removed.v1", history.Json["items"]![0]!["type"]!.GetValue<string>());
    }

    /// <summary>Allocates and deallocates the number in turn, <paramref name="count"/> changes.</summary>
    private async Task ChangeAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var answer = (_app.Events(_number).Count % 2 == 1)
                ? await _api.AllocateAsync(Api.Site, _number, """{"allocateTo":"operator"}""")
                : await _api.DeallocateAsync(Api.Site, _number);
            Assert.Equal(200, answer.Status);
        }
    }

    /// <summary>The first key of each range of events the call reads.</summary>
    private async Task<List<string>> EventReadsAsync(Func<Task<HttpAnswer>> call)
    {
        _operations.Start();
        Assert.Equal(200, (await call()).Status);
        return _operations.Stop()
            .Select(r => System.Text.RegularExpressions.Regex.Match(r, @"RowKey ge '((?:evt|out)\|[^']*)'"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
    }

    private static long[] Sequences(HttpAnswer answer) =>
        answer.Json["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()).ToArray();
}
