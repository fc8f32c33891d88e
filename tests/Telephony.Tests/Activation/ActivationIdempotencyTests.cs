using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Telephony.Domain.Activation;
using Telephony.Domain.Organizations;
using Telephony.Functions.Idempotency;
using Telephony.Functions.Activation;
using Telephony.Functions.Security;
using Telephony.Infrastructure.Tables;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

/// <summary>
/// Activate and deactivate with an Idempotency-Key: the 202 commits with the number's PENDING in one transaction, and a
/// repeat gets that 202 (same operation, same Location) without starting anything twice.
/// </summary>
public sealed class ActivationIdempotencyTests : ScriptedActivationTests
{
    private static readonly string Number = Api.Number(1);

    protected override async Task ArrangeAsync() =>
        Assert.Equal(200, (await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);

    [Fact]
    public async Task A_repeated_activate_with_one_key_answers_the_first_202_and_activates_once()
    {
        Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await KeyedAsync("activate", Number, "activate-1");
        var operationId = ActivationHarness.OperationIdOf(first);
        await Platform.PutEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // While the operation runs, and again once it has finished.
        var whileRunning = await KeyedAsync("activate", Number, "activate-1");
        Platform.PutGate.SetResult();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await Harness.WaitForOperationAsync(operationId)).RuntimeStatus);
        var afterwards = await KeyedAsync("activate", Number, "activate-1");

        foreach (var repeat in new[] { whileRunning, afterwards })
        {
            Assert.Equal(202, repeat.Status);
            Assert.Equal(first.Headers.Location.ToString(), repeat.Headers.Location.ToString());
            Assert.Equal(first.Body, repeat.Body);
            Assert.Equal("true", repeat.Headers[IdempotentCommands.ReplayedHeader].ToString());
        }

        Assert.Equal(1, Platform.PutAttempts);
        Assert.Equal(["allocated", "activation-started", "activated"], (await Harness.ChangesAsync(Number)).Skip(1));
        Assert.Equal(1, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }

    [Fact]
    public async Task A_repeated_deactivate_with_one_key_answers_the_first_202_and_deactivates_once()
    {
        var started = await Harness.ActivateAsync(Api.Site, Number);
        await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(started));

        var first = await KeyedAsync("deactivate", Number, "deactivate-1");
        var instance = await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(first));
        var repeat = await KeyedAsync("deactivate", Number, "deactivate-1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(202, repeat.Status);
        Assert.Equal(first.Headers.Location.ToString(), repeat.Headers.Location.ToString());
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal("true", repeat.Headers[IdempotentCommands.ReplayedHeader].ToString());
        Assert.Equal(1, Platform.Calls(OperationStep.TakeOutOfService));
        Assert.Equal(["deactivation-started", "deactivated"], (await Harness.ChangesAsync(Number)).TakeLast(2));
        Assert.Single(await Harness.ChangesAsync(Number), c => c == "deactivation-started");
    }

    [Fact]
    public async Task A_keyed_activate_over_a_stale_copy_of_its_holder_fails_on_the_holders_version_retries_on_storage_and_replays()
    {
        // The instance's copy of acme (warmed by the allocation) falls behind a change another instance made.
        var elsewhere = (await Harness.App.Get<TableOrganizationStore>().FindAsync(Api.Site, "acme", default))!;
        elsewhere.Rename("Acme Group");
        Assert.True(await Harness.App.Get<TableOrganizationStore>().TrySaveAsync(elsewhere, default));
        Assert.Equal("Acme Ltd", (await Harness.App.Get<IOrganizationStore>().FindRecentAsync(Api.Site, "acme", default))!.Name);

        var first = await KeyedAsync("activate", Number, "activate-stale");
        var repeat = await KeyedAsync("activate", Number, "activate-stale");
        await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(first));

        Assert.Equal(202, first.Status);
        Assert.Equal((202, first.Body), (repeat.Status, repeat.Body));
        Assert.Equal("Acme Group", first.Json["allocatedTo"]!["name"]!.GetValue<string>());
        Assert.Single(await Harness.ChangesAsync(Number), c => c == "activation-started");
        var acme = (await Harness.OrganizationAsync("acme"))!;
        Assert.Equal(("Acme Group", 1), (acme.Name, acme.VoiceServicesInUse));
    }

    [Fact]
    public async Task Concurrent_duplicate_activates_start_one_operation_and_all_get_its_202()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => KeyedAsync("activate", Number, "racing-activate")));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        Assert.Single(answers.Select(a => a.Headers.Location.ToString()).Distinct());
        Assert.Single(answers.Select(a => a.Body).Distinct());
        var instance = await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(answers[0]));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(1, Platform.PutAttempts);
        Assert.Single(await Harness.ChangesAsync(Number), c => c == "activation-started");
        Assert.Equal(1, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }

    [Fact]
    public async Task The_same_key_with_another_body_or_on_another_number_is_refused_and_starts_nothing()
    {
        Assert.Equal(202, (await KeyedAsync("activate", Number, "activate-2")).Status);
        Assert.Equal(200, (await Harness.Api.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);

        var anotherBody = await KeyedAsync("activate", Number, "activate-2", body: "{}");
        var anotherNumber = await KeyedAsync("activate", Api.Number(2), "activate-2");

        Assert.Equal((422, "idempotency-key-reused"), (anotherBody.Status, anotherBody.ProblemCode));
        Assert.Equal((422, "idempotency-key-reused"), (anotherNumber.Status, anotherNumber.ProblemCode));
        Assert.DoesNotContain("activation-started", await Harness.ChangesAsync(Api.Number(2)));
        Assert.Single(await Harness.ChangesAsync(Number), c => c == "activation-started");
    }

    [Fact]
    public async Task A_repeat_after_the_first_request_died_before_scheduling_schedules_the_operation_once()
    {
        // The first request commits PENDING with its 202, and its scheduling never reaches the task hub the app runs
        // (a host of its own that runs nothing): as when the process dies between the commit and the scheduling.
        await using var lost = await DurableTaskTestHost.StartAsync(_ => { });
        var first = await KeyedAsync("activate", Number, "activate-3", lost.Client);
        var operationId = ActivationHarness.OperationIdOf(first);
        Assert.Null(await Harness.Client.GetInstanceAsync(operationId));
        Assert.Equal("PENDING", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());

        var repeat = await KeyedAsync("activate", Number, "activate-3");
        var instance = await Harness.WaitForOperationAsync(operationId);
        var again = await KeyedAsync("activate", Number, "activate-3");

        Assert.Equal((202, first.Headers.Location.ToString(), first.Body), (repeat.Status, repeat.Headers.Location.ToString(), repeat.Body));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("ACTIVE", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());
        Assert.Equal(1, Platform.PutAttempts);
        Assert.Single(await Harness.ChangesAsync(Number), c => c == "activation-started");
    }

    [Fact]
    public async Task A_key_whose_first_request_could_not_schedule_runs_the_activation_again_on_retry()
    {
        var down = await DurableTaskTestHost.StartAsync(_ => { });
        var downClient = down.Client;
        await down.DisposeAsync();

        // The stopped host's client fails the scheduling (its channel is disposed); any other exception would be the command's own fault.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => KeyedAsync("activate", Number, "activate-4", downClient));
        Assert.Equal("RESERVED", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());

        var retry = await KeyedAsync("activate", Number, "activate-4");

        Assert.Equal(202, retry.Status);
        Assert.False(retry.Headers.ContainsKey(IdempotentCommands.ReplayedHeader));
        var instance = await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(retry));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(["activation-started", "activation-failed", "activation-started", "activated"], (await Harness.ChangesAsync(Number)).Skip(2));
    }

    /// <summary>Activate or deactivate under a key, through the gate, as the worker runs it.</summary>
    private async Task<HttpAnswer> KeyedAsync(string action, string number, string key, DurableTaskClient? client = null, string? body = null)
    {
        var headers = Principals.As(Principals.OperatorOf(Api.Site), new Dictionary<string, string> { [IdempotentCommands.Header] = key });
        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/{action}", body, headers: headers);
        var functions = Harness.App.Function<ActivationFunctions>();
        client ??= Harness.Client;
        return await Harness.App.Get<SecurityGate>().CallAsync(
            action == "activate" ? nameof(ActivationFunctions.ActivatePhoneNumber) : nameof(ActivationFunctions.DeactivatePhoneNumber),
            request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => action == "activate"
                ? functions.ActivatePhoneNumber(request, client, Api.Site, number, default)
                : functions.DeactivatePhoneNumber(request, client, Api.Site, number, default));
    }
}
