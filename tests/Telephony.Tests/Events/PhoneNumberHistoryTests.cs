using System.Text.Json.Nodes;
using Telephony.Domain.Common;
using Telephony.Tests.Support;

namespace Telephony.Tests.Events;

public sealed class PhoneNumberHistoryTests : SeededSiteTests
{
    [Fact]
    public async Task History_lists_the_numbers_changes_newest_first_in_the_documented_shape()
    {
        var number = Api.Number(1);
        using (CurrentActor.Begin(Actor.User("alice@contoso.com")))
        {
            await Http.AllocateAsync(Api.Site, number, """{"allocateTo":"occupier","occupierId":"acme"}""");
        }

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        using (CurrentActor.Begin(Actor.User("bob@contoso.com")))
        {
            await Http.DeallocateAsync(Api.Site, number);
        }

        var answer = await App.HistoryAsync(Api.Site, "02071234501");

        Assert.Equal(200, answer.Status);
        var records = App.Events(number);
        var expected = JsonNode.Parse($$"""
            {"items":[
              {"eventId":"{{records[2].GetString("EventId")}}","type":"telephony.phone-number.deallocated.v1","time":"2026-11-25T09:01:00.000Z",
               "sequence":3,"previousStatus":"RESERVED","status":"AVAILABLE","operationId":null,"actor":{"type":"user","name":"bob@contoso.com"} },
              {"eventId":"{{records[1].GetString("EventId")}}","type":"telephony.phone-number.allocated.v1","time":"2026-11-25T09:00:00.000Z",
               "sequence":2,"previousStatus":"AVAILABLE","status":"RESERVED","operationId":null,"actor":{"type":"user","name":"alice@contoso.com"} },
              {"eventId":"{{records[0].GetString("EventId")}}","type":"telephony.phone-number.provisioned.v1","time":"2026-11-25T09:00:00.000Z",
               "sequence":1,"previousStatus":null,"status":"AVAILABLE","operationId":null,"actor":{"type":"system","name":"unknown"} }
            ],"continuationToken":null}
            """);
        Assert.True(JsonNode.DeepEquals(expected, answer.Json), answer.Body);
    }

    [Fact]
    public async Task History_pages_follow_the_continuation_token_to_the_first_change()
    {
        var number = Api.Number(2);
        for (var i = 0; i < 3; i++)
        {
            await Http.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""");
            await Http.DeallocateAsync(Api.Site, number);
        }

        var sequences = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var answer = await App.HistoryAsync(Api.Site, number, "?pageSize=3" + (token is null ? "" : "&continuationToken=" + token));
            Assert.Equal(200, answer.Status);
            var items = answer.Json["items"]!.AsArray();
            Assert.InRange(items.Count, 1, 3);
            sequences.AddRange(items.Select(item => item!["sequence"]!.GetValue<long>()));
            token = answer.Json["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal([7L, 6L, 5L, 4L, 3L, 2L, 1L], sequences);
    }

    [Fact]
    public async Task History_defaults_to_fifty_per_page()
    {
        var number = Api.Number(3);
        for (var i = 0; i < 26; i++)
        {
            await Http.AllocateAsync(Api.Site, number, """{"allocateTo":"operator"}""");
            await Http.DeallocateAsync(Api.Site, number);
        }

        var first = await App.HistoryAsync(Api.Site, number);
        var second = await App.HistoryAsync(Api.Site, number, "?continuationToken=" + first.Json["continuationToken"]!.GetValue<string>());

        Assert.Equal(50, first.Json["items"]!.AsArray().Count);
        Assert.Equal(53, first.Json["items"]![0]!["sequence"]!.GetValue<long>());
        Assert.Equal([3L, 2L, 1L], second.Json["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()));
        Assert.Null(second.Json["continuationToken"]);
    }

    [Theory]
    [InlineData("nowhere", "+442071234501", "", 404, "site-not-found")]
    [InlineData(Api.Site, "not-a-number", "", 400, "invalid-number")]
    [InlineData(Api.Site, "+442079999999", "", 404, "number-not-found")]
    [InlineData(Api.Site, "+442071234501", "?pageSize=1001", 400, "invalid-request")]
    [InlineData(Api.Site, "+442071234501", "?pageSize=0", 400, "invalid-request")]
    [InlineData(Api.Site, "+442071234501", "?pageSize=ten", 400, "invalid-request")]
    [InlineData(Api.Site, "+442071234501", "?continuationToken=%2B442071234501", 400, "invalid-request")]
    public async Task History_refuses_what_it_cannot_answer(string siteId, string number, string query, int status, string code)
    {
        var answer = await App.HistoryAsync(siteId, number, query);

        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.ProblemCode);
    }

    [Fact]
    public async Task History_accepts_the_largest_page()
    {
        var answer = await App.HistoryAsync(Api.Site, Api.Number(1), "?pageSize=1000");

        Assert.Equal(200, answer.Status);
        Assert.Single(answer.Json["items"]!.AsArray());
    }
}
