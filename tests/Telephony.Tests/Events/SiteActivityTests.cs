using System.Text.Json.Nodes;
using Telephony.Domain.Common;
using Telephony.Tests.Support;

namespace Telephony.Tests.Events;

/// <summary><c>GET /api/sites/{siteId}/activity</c>: the site's audit trail, newest first, paged and filtered.</summary>
public sealed class SiteActivityTests : CountedSeededSiteTests
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // 09:01 alice allocates 1 to acme; 09:02 bob allocates 2 to the operator; 09:03 alice deallocates 1.
        await As("alice@contoso.com", () => Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}"""));
        await As("bob@contoso.com", () => Http.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"operator"}"""));
        await As("alice@contoso.com", () => Http.DeallocateAsync(Api.Site, Api.Number(1)));
    }

    [Fact]
    public async Task Activity_lists_every_numbers_events_newest_first_with_number_and_actor()
    {
        var answer = await App.ActivityAsync(Api.Site, "?pageSize=4");

        Assert.Equal(200, answer.Status);
        var items = answer.Json["items"]!.AsArray();
        Assert.Equal(
            [
                (Api.Number(1), "telephony.phone-number.deallocated.v1", "alice@contoso.com", "2026-11-25T09:03:00.000Z"),
                (Api.Number(2), "telephony.phone-number.allocated.v1", "bob@contoso.com", "2026-11-25T09:02:00.000Z"),
                (Api.Number(1), "telephony.phone-number.allocated.v1", "alice@contoso.com", "2026-11-25T09:01:00.000Z"),
                // The import: five numbers provisioned at one instant, in number order.
                (Api.Number(0), "telephony.phone-number.provisioned.v1", "unknown", "2026-11-25T09:00:00.000Z"),
            ],
            items.Select(i => (Text(i, "number"), Text(i, "type"), i!["actor"]!["name"]!.GetValue<string>(), Text(i, "time"))).ToList());
        Assert.Equal(["eventId", "number", "type", "time", "sequence", "previousStatus", "status", "operationId", "actor"],
            items[0]!.AsObject().Select(p => p.Key).ToList());
        Assert.NotNull(answer.Json["continuationToken"]);
    }

    [Fact]
    public async Task The_continuation_token_walks_the_whole_trail_once_and_ends()
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var answer = await App.ActivityAsync(Api.Site, "?pageSize=3" + (token is null ? "" : "&continuationToken=" + token));
            Assert.Equal(200, answer.Status);
            seen.AddRange(answer.Json["items"]!.AsArray().Select(i => Text(i, "eventId")));
            token = answer.Json["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);

        // Five provisioned, two allocated, one deallocated; no page repeats or skips one.
        Assert.Equal(8, seen.Count);
        Assert.Equal(8, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("?type=telephony.phone-number.allocated.v1", 2)]
    [InlineData("?type=allocated", 2)]
    [InlineData("?actor=ALICE@contoso.com", 2)]
    [InlineData("?actor=alice@contoso.com&type=deallocated", 1)]
    [InlineData("?number=02071234501", 3)]
    [InlineData("?number=%2B442071234501&actor=alice@contoso.com&type=allocated", 1)]
    [InlineData("?actor=nobody", 0)]
    public async Task Filters_select_by_number_type_and_actor(string query, int expected)
    {
        var answer = await App.ActivityAsync(Api.Site, query);

        Assert.Equal(200, answer.Status);
        var items = answer.Json["items"]!.AsArray();
        Assert.Equal(expected, items.Count);
        Assert.Null(answer.Json["continuationToken"]);
    }

    [Fact]
    public async Task A_numbers_activity_pages_backwards_through_its_own_history()
    {
        var first = await App.ActivityAsync(Api.Site, "?number=" + Uri.EscapeDataString(Api.Number(1)) + "&pageSize=2");
        var token = first.Json["continuationToken"]!.GetValue<string>();
        var second = await App.ActivityAsync(Api.Site, "?number=" + Uri.EscapeDataString(Api.Number(1)) + "&pageSize=2&continuationToken=" + token);

        Assert.Equal([3L, 2L], first.Json["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()).ToList());
        Assert.Equal([1L], second.Json["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()).ToList());
        Assert.Null(second.Json["continuationToken"]);
    }

    [Fact]
    public async Task A_page_is_one_range_read_whatever_the_sites_history()
    {
        for (var i = 0; i < 10; i++)
        {
            await Http.AllocateAsync(Api.Site, Api.Number(3), """{"allocateTo":"operator"}""");
            await Http.DeallocateAsync(Api.Site, Api.Number(3));
        }

        await App.ActivityAsync(Api.Site); // the site's settings are cached again (the fake clock moved past the cache)
        foreach (var query in new[] { "?pageSize=2", "?pageSize=2&type=allocated", "?pageSize=2&actor=bob@contoso.com" })
        {
            Operations.Start();
            var answer = await App.ActivityAsync(Api.Site, query);
            var requests = Operations.Stop();

            Assert.Equal(200, answer.Status);
            var read = Assert.Single(requests);
            Assert.Contains("$top=3", read);
        }
    }

    [Theory]
    [InlineData("?type=exploded", "invalid-request")]
    [InlineData("?pageSize=0", "invalid-request")]
    [InlineData("?continuationToken=bm9wZQ", "invalid-request")]
    [InlineData("?number=12&continuationToken=bm9wZQ", "invalid-number")]
    [InlineData("?number=02071234501&continuationToken=bm9wZQ", "invalid-request")]
    public async Task Bad_filters_and_tokens_are_refused(string query, string code)
    {
        var answer = await App.ActivityAsync(Api.Site, query);

        Assert.Equal(400, answer.Status);
        Assert.Equal(code, answer.ProblemCode);
    }

    [Fact]
    public async Task An_unknown_sites_activity_is_not_found()
    {
        Assert.Equal("site-not-found", (await App.ActivityAsync("unknown-site")).ProblemCode);
    }

    private async Task As(string user, Func<Task<HttpAnswer>> change)
    {
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        using var acting = CurrentActor.Begin(Actor.User(user));
        Assert.Equal(200, (await change()).Status);
    }

    private static string Text(JsonNode? node, string property) => node![property]!.GetValue<string>();
}
