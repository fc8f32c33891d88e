using Azure.Data.Tables;
using Telephony.Functions.Idempotency;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>POST commands with an Idempotency-Key, through the gate every HTTP function runs behind.</summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private const string Allocate = """{"allocateTo":"occupier","occupierId":"acme"}""";
    private static readonly string Number = Api.Number(1);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await new Api(_app).SeedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_repeated_allocate_with_one_key_changes_the_number_once_and_answers_the_same()
    {
        var first = await AllocateAsync("key-1", Allocate);
        var second = await AllocateAsync("key-1", Allocate);

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers.ETag.ToString(), second.Headers.ETag.ToString());
        Assert.Equal("\"2\"", second.Headers.ETag.ToString());
        Assert.Equal("true", second.Headers[IdempotentCommands.ReplayedHeader].ToString());
        Assert.Equal(2, await EventRowsAsync()); // provisioned, allocated
    }

    [Fact]
    public async Task Concurrent_duplicates_run_the_command_once_and_all_get_its_answer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AllocateAsync("racing-key", Allocate)));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(2, await EventRowsAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_changes_nothing()
    {
        await AllocateAsync("key-2", Allocate);

        var reused = await AllocateAsync("key-2", """{"allocateTo":"operator"}""");

        Assert.Equal(422, reused.Status);
        Assert.Equal("idempotency-key-reused", reused.ProblemCode);
        Assert.Equal(2, await EventRowsAsync());
    }

    [Fact]
    public async Task The_same_key_on_another_number_is_refused()
    {
        await AllocateAsync("key-3", Allocate);

        var reused = await AllocateAsync("key-3", Allocate, Api.Number(2));

        Assert.Equal(422, reused.Status);
        Assert.Equal("idempotency-key-reused", reused.ProblemCode);
    }

    [Fact]
    public async Task An_expired_key_behaves_as_a_new_one()
    {
        Assert.Equal(200, (await AllocateAsync("key-4", Allocate)).Status);
        _app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var again = await AllocateAsync("key-4", Allocate);

        // The command runs again, and the rules refuse it: the number is already RESERVED.
        Assert.Equal(409, again.Status);
        Assert.Equal("not-available", again.ProblemCode);
        Assert.False(again.Headers.ContainsKey(IdempotentCommands.ReplayedHeader));
    }

    [Fact]
    public async Task A_repeat_whose_change_the_rules_would_allow_again_replays_and_changes_nothing()
    {
        await AllocateAsync(null, Allocate);
        var first = await DeallocateAsync("key-6");
        Assert.Equal(200, (await AllocateAsync(null, Allocate)).Status);

        // The number is RESERVED again, so deallocating it would pass the rules: the key's record stops the transaction.
        var repeat = await DeallocateAsync("key-6");

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal("true", repeat.Headers[IdempotentCommands.ReplayedHeader].ToString());
        Assert.Equal(4, await EventRowsAsync()); // provisioned, allocated, deallocated, allocated
        Assert.Equal("RESERVED", (await new Api(_app).GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_key_on_a_command_that_succeeds_again_runs_it_and_keeps_the_new_answer()
    {
        Assert.Equal(200, (await AllocateAsync("key-7", Allocate)).Status);
        await DeallocateAsync(null);
        _app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var again = await AllocateAsync("key-7", Allocate);
        var replay = await AllocateAsync("key-7", Allocate);

        Assert.Equal(200, again.Status);
        Assert.False(again.Headers.ContainsKey(IdempotentCommands.ReplayedHeader));
        Assert.Equal("\"4\"", again.Headers.ETag.ToString());
        Assert.Equal(again.Body, replay.Body);
        Assert.Equal("true", replay.Headers[IdempotentCommands.ReplayedHeader].ToString());
        Assert.Equal(4, await EventRowsAsync());
    }

    [Fact]
    public async Task An_expired_key_with_If_Match_runs_the_command_again_rather_than_answering_412()
    {
        Assert.Equal(200, (await AllocateAsync("key-8", Allocate)).Status);
        await DeallocateAsync(null);
        _app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var again = await AllocateAsync("key-8", Allocate, ifMatch: "\"3\"");

        Assert.Equal(200, again.Status);
        Assert.False(again.Headers.ContainsKey(IdempotentCommands.ReplayedHeader));
        Assert.Equal("\"4\"", again.Headers.ETag.ToString());
        Assert.Equal(4, await EventRowsAsync()); // provisioned, allocated, deallocated, allocated again
    }

    [Fact]
    public async Task Concurrent_duplicates_of_a_refused_command_all_get_one_answer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DeallocateAsync("racing-refusal")));

        Assert.All(answers, a => Assert.Equal(409, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(1, await EventRowsAsync());
    }

    [Fact]
    public async Task A_refusal_is_remembered_like_a_success()
    {
        var first = await AllocateAsync("key-5", """{"allocateTo":"occupier","occupierId":"nobody"}""");
        await new Api(_app).PutOccupierAsync(Api.Site, "nobody", """{"name":"Nobody Ltd","voiceServices":1}""");

        var second = await AllocateAsync("key-5", """{"allocateTo":"occupier","occupierId":"nobody"}""");

        Assert.Equal(404, first.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(1, await EventRowsAsync());
    }

    [Fact]
    public async Task Without_a_key_every_request_runs()
    {
        Assert.Equal(200, (await AllocateAsync(null, Allocate)).Status);
        Assert.Equal(409, (await AllocateAsync(null, Allocate)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tinside")]
    [InlineData("caf\u00e9")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901")]
    public async Task A_malformed_key_is_refused_and_states_the_bound(string key)
    {
        var answer = await AllocateAsync(key, Allocate);

        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid-request", answer.ProblemCode);
        Assert.Contains("100", answer.Json["detail"]!.GetValue<string>());
        Assert.Equal(1, await EventRowsAsync());
    }

    [Fact]
    public async Task Keys_are_stored_hashed_in_the_sites_partition()
    {
        await AllocateAsync("my-secret-looking-key", Allocate);

        var rows = await _app.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Api.Site} and RowKey ge {"idem|"} and RowKey lt {"idem}"}")).ToListAsync();
        var row = Assert.Single(rows);
        Assert.DoesNotContain("my-secret-looking-key", row.RowKey);
        Assert.Matches("^idem\\|[0-9A-F]{64}$", row.RowKey);
    }

    private async Task<HttpAnswer> AllocateAsync(string? key, string body, string? number = null, string? ifMatch = null)
    {
        number ??= Number;
        var headers = new Dictionary<string, string> { [TelephonyClaims.PrincipalHeader] = Principals.OperatorOf(Api.Site) };
        if (key is not null)
        {
            headers[IdempotentCommands.Header] = key;
        }

        if (ifMatch is not null)
        {
            headers["If-Match"] = ifMatch;
        }

        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/allocate", body, headers: headers);
        return await _app.Get<SecurityGate>().CallAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request,
            Gate.Values(("siteId", Api.Site), ("number", number)),
            () => _app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, number, default));
    }

    private async Task<HttpAnswer> DeallocateAsync(string? key)
    {
        var headers = new Dictionary<string, string> { [TelephonyClaims.PrincipalHeader] = Principals.OperatorOf(Api.Site) };
        if (key is not null)
        {
            headers[IdempotentCommands.Header] = key;
        }

        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{Number}/deallocate", headers: headers);
        return await _app.Get<SecurityGate>().CallAsync(nameof(PhoneNumberFunctions.DeallocatePhoneNumber), request,
            Gate.Values(("siteId", Api.Site), ("number", Number)),
            () => _app.Function<PhoneNumberFunctions>().DeallocatePhoneNumber(request, Api.Site, Number, default));
    }

    private Task<int> EventRowsAsync() => Task.FromResult(_app.Events(Number).Count);
}
