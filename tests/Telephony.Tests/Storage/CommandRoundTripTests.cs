using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Idempotency;
using Telephony.Functions.Activation;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Events;
using Telephony.Tests.Events.Amqp;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Storage;

/// <summary>
/// What one command costs in storage requests, counted by an Azure SDK pipeline policy: the number is read once (the
/// site's settings and the organization's row come from this process's recent copies), and the change, its event's outbox
/// note (the event's record until it is published), its activity row and the Idempotency-Key's record are one
/// entity-group transaction.
/// </summary>
public sealed class CommandRoundTripTests : CountedSeededSiteTests
{
    // Steady state: the organization's row (the operator's too), which the main-number rule and the answer (the
    // occupier's name; activate only while a voice service is free) need, is this process's recent copy
    // (infra/Tables/CachingOrganizationStore.cs), so an allocation reads the number alone. The allocation before
    // counting warms it, as any earlier allocation on a warm instance has (the occupier's was warmed by its creation).
    [Theory]
    [InlineData("""{"allocateTo":"operator"}""")]
    [InlineData("""{"allocateTo":"occupier","occupierId":"acme"}""")]
    public async Task An_allocation_in_the_steady_state_reads_the_number_once_and_writes_once(string body)
    {
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Api.Number(2), body)).Status);

        Operations.Start();
        var answer = await Http.AllocateAsync(Api.Site, Api.Number(1), body);
        var requests = Operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(["GET", "POST"], requests.Select(r => r.Split(' ')[0]));
        Assert.Contains("RowKey='num|", requests[0], StringComparison.Ordinal);
        Assert.Contains("$batch", requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_allocation_to_the_operator_after_start_reads_its_row_and_the_next_one_does_not()
    {
        // Cold: nothing in this process has read or written the operator's row (it has none: no voice services set).
        Operations.Start();
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""")).Status);
        var cold = Operations.Stop();
        Operations.Start();
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"operator"}""")).Status);
        var warm = Operations.Stop();

        Assert.Equal(["GET", "GET", "POST"], cold.Select(r => r.Split(' ')[0]));
        Assert.Contains("RowKey='org|operator'", cold[1], StringComparison.Ordinal);
        Assert.Equal(["GET", "POST"], warm.Select(r => r.Split(' ')[0]));
    }

    [Fact]
    public async Task A_deallocation_reads_the_number_once_and_writes_once()
    {
        await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");

        Operations.Start();
        var answer = await Http.DeallocateAsync(Api.Site, Api.Number(1));
        var requests = Operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(["GET", "POST"], requests.Select(r => r.Split(' ')[0]));
    }

    // Allocate to the operator, to an occupier, and deallocate: the key's record rides in the change's transaction.
    [Theory]
    [InlineData("allocate", """{"allocateTo":"operator"}""")]
    [InlineData("allocate", """{"allocateTo":"occupier","occupierId":"acme"}""")]
    [InlineData("deallocate", null)]
    public async Task A_command_with_an_Idempotency_Key_reads_the_number_once_and_adds_no_request_for_the_key(string action, string? body)
    {
        // The steady state, as above; a deallocation needs the number allocated.
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Api.Number(action == "allocate" ? 2 : 1), body ?? """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);

        Operations.Start();
        var answer = await KeyedAsync(action, Api.Number(1), body, "key-" + action);
        var requests = Operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(["GET", "POST"], requests.Select(r => r.Split(' ')[0]));
        Assert.Contains("$batch", requests[1], StringComparison.Ordinal);
        Assert.Equal(1, await KeyRecordsAsync());
    }

    [Fact]
    public async Task A_refused_command_with_an_Idempotency_Key_keeps_its_answer_in_one_insert()
    {
        Operations.Start();
        var answer = await KeyedAsync("deallocate", Api.Number(1), null, "key-r");
        var requests = Operations.Stop();

        // The number (AVAILABLE: nothing to deallocate), then the key's record with the refusal.
        Assert.Equal(409, answer.Status);
        Assert.Equal(["GET", "POST"], requests.Select(r => r.Split(' ')[0]));
        Assert.DoesNotContain("$batch", requests[1], StringComparison.Ordinal);
        Assert.Equal(1, await KeyRecordsAsync());
    }

    // The starting command commits PENDING, the event and the key's record holding the 202 in one transaction; the
    // orchestration is scheduled after it, on a Durable host that runs none here (its requests are not storage's).
    // Activate reads the number alone: the holder's row (a voice service to take) is the instance's copy, written back
    // with its version (OrganizationCacheTests: a stale copy). Deactivate reads the number alone too: a configuration
    // change being applied is waited for by its orchestration, not checked here (ConfigurationOnThePlatformTests); the
    // answer's occupier name comes from the instance's copy of the holder's row.
    [Theory]
    [InlineData("activate")]
    [InlineData("deactivate")]
    public async Task Activate_and_deactivate_with_an_Idempotency_Key_read_the_number_once_and_add_no_request_for_the_key(string action)
    {
        await using var durable = await DurableTaskTestHost.StartAsync(_ => { });
        foreach (var number in new[] { Api.Number(1), Api.Number(2) })
        {
            await Http.AllocateAsync(Api.Site, number, """{"allocateTo":"occupier","occupierId":"acme"}""");
            if (action == "deactivate")
            {
                await ActiveAsync(number);
            }
        }

        Operations.Start();
        var unkeyed = await StartAsync(action, Api.Number(1), null, durable.Client);
        var withoutKey = Operations.Stop();
        Operations.Start();
        var keyed = await StartAsync(action, Api.Number(2), "key-" + action, durable.Client);
        var withKey = Operations.Stop();

        Assert.Equal((202, 202), (unkeyed.Status, keyed.Status));
        Assert.Equal(["GET num|", "POST $batch"], withKey.Select(Described));
        Assert.Equal(withoutKey.Count, withKey.Count);
        Assert.Equal(1, await KeyRecordsAsync());
    }

    /// <summary>A storage request as its method and what it reads: the row key's prefix (<c>GET num|</c>), or <c>POST $batch</c>.</summary>
    private static string Described(string request)
    {
        var unescaped = Uri.UnescapeDataString(request);
        var rowKey = unescaped.IndexOf("RowKey='", StringComparison.Ordinal);
        return rowKey >= 0
            ? $"GET {unescaped[(rowKey + "RowKey='".Length)..].Split('|')[0]}|"
            : unescaped.Split(' ')[0] + (unescaped.Contains("$batch", StringComparison.Ordinal) ? " $batch" : "");
    }

    /// <summary>Puts the number ACTIVE as a finished activation leaves it, without running one.</summary>
    private async Task ActiveAsync(string number)
    {
        var store = App.Get<IPhoneNumberStore>();
        var found = (await store.FindAsync(Api.Site, number, default))!;
        Assert.True(found.StartActivation(Guid.NewGuid().ToString(), App.Clock.GetUtcNow()).IsSuccess);
        Assert.True(found.CompleteOperation(found.PendingOperation!.OperationId, App.Clock.GetUtcNow(), null));
        Assert.True(await store.TrySaveAsync(found, null, default));
    }

    private async Task<HttpAnswer> StartAsync(string action, string number, string? key, DurableTaskClient client)
    {
        var headers = new Dictionary<string, string> { [TelephonyClaims.PrincipalHeader] = Principals.OperatorOf(Api.Site) };
        if (key is not null)
        {
            headers[IdempotentCommands.Header] = key;
        }

        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/{action}", headers: headers);
        var functions = App.Function<ActivationFunctions>();
        return await App.Get<SecurityGate>().CallAsync(
            action == "activate" ? nameof(ActivationFunctions.ActivatePhoneNumber) : nameof(ActivationFunctions.DeactivatePhoneNumber),
            request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => action == "activate"
                ? functions.ActivatePhoneNumber(request, client, Api.Site, number, default)
                : functions.DeactivatePhoneNumber(request, client, Api.Site, number, default));
    }

    private async Task<HttpAnswer> KeyedAsync(string action, string number, string? body, string key)
    {
        var headers = new Dictionary<string, string>
        {
            [TelephonyClaims.PrincipalHeader] = Principals.OperatorOf(Api.Site),
            [IdempotentCommands.Header] = key,
        };
        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/{action}", body, headers: headers);
        var functions = App.Function<PhoneNumberFunctions>();
        return await App.Get<SecurityGate>().CallAsync(
            action == "allocate" ? nameof(PhoneNumberFunctions.AllocatePhoneNumber) : nameof(PhoneNumberFunctions.DeallocatePhoneNumber),
            request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => action == "allocate"
                ? functions.AllocatePhoneNumber(request, Api.Site, number, default)
                : functions.DeallocatePhoneNumber(request, Api.Site, number, default));
    }

    private async Task<int> KeyRecordsAsync() =>
        (await App.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Api.Site} and RowKey ge {"idem|"} and RowKey lt {"idem}"}")).ToListAsync()).Count;
}

/// <summary>With Service Bus on, what the publish after a command adds: the number's notes, then one transaction per event.</summary>
public sealed class PublishedCommandRoundTripTests : IAsyncLifetime
{
    private readonly FakeServiceBusBroker _broker = FakeServiceBusBroker.Start();
    private readonly StorageOperations _operations = new();
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await EventTestSupport.StartWithBrokerAsync(_broker, _operations);
        _api = new Api(_app);
        await _api.SeedAsync();
        await _app.SweepAsync();
        await _broker.WaitForMessagesAsync(EventTestSupport.Topic, 5);
        _broker.Clear();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_published_deallocation_reads_the_number_and_its_notes_and_commits_then_marks()
    {
        await _api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");
        await _broker.WaitForMessagesAsync(EventTestSupport.Topic, 1);
        await _app.SweepAsync();

        _operations.Start();
        Assert.Equal(200, (await _api.DeallocateAsync(Api.Site, Api.Number(1))).Status);
        await _broker.WaitForMessagesAsync(EventTestSupport.Topic, 2);
        for (var i = 0; i < 200 && _app.OutboxNotes().Count > 0; i++)
        {
            await Task.Delay(50);
        }

        var requests = _operations.Stop();

        // The number; its commit; its notes (a range of the site's partition); the event's record with the note's removal. A
        // publish slower than the caller's wait (a busy machine) may add a PUT marking the site: not counted here.
        var readsAndTransactions = requests.Where(r => r.StartsWith("GET", StringComparison.Ordinal) || r.StartsWith("POST", StringComparison.Ordinal)).ToList();
        Assert.Equal(["GET", "POST", "GET", "POST"], readsAndTransactions.Select(r => r.Split(' ')[0]));
        Assert.Contains("out|", readsAndTransactions[2], StringComparison.Ordinal);
        Assert.Empty(_app.OutboxNotes());
    }
}
