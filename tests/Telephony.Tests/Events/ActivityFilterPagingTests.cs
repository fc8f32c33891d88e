using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Common;
using Telephony.Functions.Http;
using Telephony.Infrastructure.Events;
using Telephony.Infrastructure.Tables;
using Telephony.Tests.Support;

namespace Telephony.Tests.Events;

/// <summary>
/// The activity's type and actor filters, matched by storage within the one activity range: pages fill across storage
/// pages holding few matches, stop reading on at their bound, and their tokens resume where they stopped.
/// Azurite never stops a filtered query early (it scans the whole partition per request), so each test lowers the rows
/// one request asks for (<see cref="ActivityReadBounds.MaxRowsPerRequest"/>) to get several storage pages.
/// </summary>
public sealed class ActivityFilterPagingTests : IAsyncLifetime
{
    private const string Alice = "alice@contoso.com";
    private const string Bob = "bob@contoso.com";

    private readonly StorageOperations _operations = new();
    private TestApp _app = null!;
    private Api _http = null!;

    public Task InitializeAsync() => StartAsync(new ActivityReadBounds(8, TimeSpan.FromSeconds(5), 2));

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task A_type_filter_fills_its_page_across_storage_pages_and_its_token_resumes_without_loss_or_repeat()
    {
        await RecordRoundsAsync();
        var expected = (await EveryEventAsync()).Where(e => e.Change == "deallocated").Select(e => e.EventId).ToList();

        var (pages, requests) = await WalkAsync("&type=deallocated&pageSize=3");

        Assert.Equal(expected, pages.SelectMany(p => p).ToList());
        Assert.All(pages[..^1], page => Assert.Equal(3, page.Count));
        // Two matches per storage page: a page of 3 needs a second request (and finds the 4th that says more follow).
        Assert.All(requests[..^1], count => Assert.Equal(2, count));
    }

    [Fact]
    public async Task An_actor_filter_fills_its_page_across_storage_pages_in_any_case_and_its_token_resumes()
    {
        await RecordRoundsAsync();
        var expected = (await EveryEventAsync()).Where(e => e.Actor == Alice).Select(e => e.EventId).ToList();

        var (pages, requests) = await WalkAsync("&actor=ALICE@Contoso.COM&pageSize=3");

        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, pages.SelectMany(p => p).ToList());
        Assert.Equal([3, 3], pages.Select(p => p.Count));
        Assert.True(requests[0] > 1);
    }

    [Fact]
    public async Task A_page_stops_reading_at_its_request_bound_and_its_token_continues_where_the_scan_stopped()
    {
        await StartAsync(new ActivityReadBounds(1, TimeSpan.FromSeconds(5), 2));
        await RecordRoundsAsync();
        var expected = (await EveryEventAsync()).Where(e => e.Change == "deallocated").Select(e => e.EventId).ToList();

        var (pages, requests) = await WalkAsync("&type=deallocated&pageSize=5");

        // Each answer is one storage request's two matches, short of the 5 asked for, and still a token; together they
        // are every match once, and the last answer has no token.
        Assert.Equal(expected, pages.SelectMany(p => p).ToList());
        Assert.All(pages, page => Assert.InRange(page.Count, 1, 2));
        Assert.All(requests, count => Assert.Equal(1, count));
        Assert.Equal((expected.Count + 1) / 2, pages.Count);
    }

    [Fact]
    public async Task A_page_stops_reading_once_its_time_budget_has_passed()
    {
        await StartAsync(new ActivityReadBounds(8, TimeSpan.Zero, 2));
        await RecordRoundsAsync();
        var expected = (await EveryEventAsync()).Where(e => e.Actor == Bob).Select(e => e.EventId).ToList();

        var (pages, requests) = await WalkAsync("&actor=bob@contoso.com&pageSize=10");

        Assert.Equal(expected, pages.SelectMany(p => p).ToList());
        Assert.All(requests, count => Assert.Equal(1, count));
        Assert.True(pages.Count > 1);
    }

    [Fact]
    public async Task An_actors_name_is_matched_in_any_case_and_shown_as_recorded()
    {
        await AsAsync("Carol.Smith@Contoso.com", () => _http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}"""));

        foreach (var asked in new[] { "carol.smith@contoso.com", "CAROL.SMITH@CONTOSO.COM", "Carol.Smith@Contoso.com" })
        {
            var answer = await _app.ActivityAsync(Api.Site, "?actor=" + Uri.EscapeDataString(asked));

            var item = Assert.Single(answer.Json["items"]!.AsArray());
            Assert.Equal("Carol.Smith@Contoso.com", Actor(item));
        }
    }

    [Fact]
    public async Task An_event_writes_exactly_one_activity_row()
    {
        var before = (await RowsAsync()).Select(r => r.RowKey).ToHashSet();

        await AsAsync("Alice@Contoso.com", () => _http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}"""));

        var added = (await RowsAsync()).Where(r => !before.Contains(r.RowKey)).ToList();
        var activity = Assert.Single(added, r => r.RowKey.StartsWith("act", StringComparison.Ordinal));
        Assert.StartsWith(Keys.ActivityPrefix, activity.RowKey, StringComparison.Ordinal);
        Assert.Equal("Alice@Contoso.com", activity.GetString("ActorName"));
        Assert.Equal("alice@contoso.com", activity.GetString("ActorKey"));
        Assert.Equal(5, before.Count(k => k.StartsWith(Keys.ActivityPrefix, StringComparison.Ordinal))); // the import's: one per number
        Assert.DoesNotContain(before, k => k.StartsWith("act-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_of_an_unfiltered_page_continues_a_filtered_one()
    {
        await RecordRoundsAsync();
        var first = await _app.ActivityAsync(Api.Site, "?pageSize=1");
        var token = first.Json["continuationToken"]!.GetValue<string>();
        var expected = (await EveryEventAsync()).Skip(1).Where(e => e.Actor == Alice).Select(e => e.EventId).Take(2).ToList();

        var next = await _app.ActivityAsync(Api.Site, "?actor=alice@contoso.com&pageSize=2&continuationToken=" + token);

        Assert.Equal(expected, next.Json["items"]!.AsArray().Select(Id).ToList());
    }

    [Theory]
    [InlineData("~nope")]
    [InlineData("~")]
    [InlineData("0000000000000000001|+44|1")]
    public async Task A_position_this_API_did_not_hand_out_is_refused(string position)
    {
        var answer = await _app.ActivityAsync(Api.Site, "?type=allocated&continuationToken=" + OpaqueToken.Encode(position));

        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid-request", answer.ProblemCode);
    }

    private async Task StartAsync(ActivityReadBounds bounds)
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _app = await CountedStorage.StartAppAsync(_operations, services => services.AddSingleton(bounds));
        _http = new Api(_app);
        await _http.SeedAsync();
    }

    /// <summary>
    /// 12 rounds of an allocation and a deallocation: bob's, but alice's in rounds 2, 7 and 11, on numbers 0–4 in turn
    /// (after the import's 5 provisioned events): 29 events, 12 of them deallocations, 6 of them alice's.
    /// </summary>
    private async Task RecordRoundsAsync()
    {
        for (var round = 0; round < 12; round++)
        {
            var actor = round is 2 or 7 or 11 ? Alice : Bob;
            var number = Api.Number(round % 5);
            await AsAsync(actor, () => _http.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}"""));
            await AsAsync(actor, () => _http.DeallocateAsync(Api.Site, number));
        }
    }

    /// <summary>The site's events as stored, newest first: what the walks are checked against.</summary>
    private async Task<IReadOnlyList<Stored>> EveryEventAsync()
    {
        var events = (await RowsAsync())
            .Where(r => r.RowKey.StartsWith(Keys.ActivityPrefix, StringComparison.Ordinal))
            .OrderBy(r => r.RowKey, StringComparer.Ordinal)
            .Select(r => new Stored(r.GetString("EventId"), r.GetString("Change"), r.GetString("ActorName")))
            .ToList();
        Assert.Equal(29, events.Count);
        return events;
    }

    private sealed record Stored(string EventId, string Change, string Actor);

    /// <summary>Every page of <paramref name="query"/> by its tokens: each page's event ids, and how many storage requests each took.</summary>
    private async Task<(List<List<string>> Pages, List<int> Requests)> WalkAsync(string query)
    {
        var pages = new List<List<string>>();
        var requests = new List<int>();
        string? token = null;
        do
        {
            _operations.Start();
            var answer = await _app.ActivityAsync(Api.Site, "?" + query.TrimStart('&') + (token is null ? "" : "&continuationToken=" + token));
            requests.Add(_operations.Stop().Count(r => r.Contains("RowKey ge 'act|'", StringComparison.Ordinal) || r.Contains("RowKey gt 'act|", StringComparison.Ordinal)));
            Assert.Equal(200, answer.Status);
            pages.Add(answer.Json["items"]!.AsArray().Select(Id).ToList());
            token = answer.Json["continuationToken"]?.GetValue<string>();
            Assert.True(pages.Count < 50, "the tokens never end");
        }
        while (token is not null);

        return (pages, requests);
    }

    private async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _app.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Api.Site}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task AsAsync(string user, Func<Task<HttpAnswer>> change)
    {
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        using var acting = CurrentActor.Begin(Telephony.Domain.Common.Actor.User(user));
        Assert.Equal(200, (await change()).Status);
    }

    private static string Id(JsonNode? item) => Text(item, "eventId");

    private static string Actor(JsonNode? item) => item!["actor"]!["name"]!.GetValue<string>();

    private static string Text(JsonNode? node, string property) => node![property]!.GetValue<string>();
}
