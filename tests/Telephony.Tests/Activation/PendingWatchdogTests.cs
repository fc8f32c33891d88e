using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;
using Telephony.Domain.PhoneNumbers;
using Telephony.Tests.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

public sealed class PendingWatchdogTests : IAsyncLifetime
{
    private static readonly string Number = Api.Number(1);
    private ActivationHarness _harness = null!;
    private ScriptedVoicePlatform Platform => _harness.App.Get<ScriptedVoicePlatform>();

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync(ScriptedVoicePlatform.Install);
        await _harness.Api.SeedAsync();
        await _harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");
    }

    public async Task DisposeAsync()
    {
        Platform.PutGate?.TrySetResult();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task A_number_left_pending_by_a_terminated_orchestration_is_returned_to_reserved()
    {
        Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var operationId = ActivationHarness.OperationIdOf(await _harness.ActivateAsync(Api.Site, Number));
        await Platform.PutEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _harness.Client.TerminateInstanceAsync(operationId, "stopped by an administrator");
        var terminated = await _harness.WaitForOperationAsync(operationId);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("failed", (await _harness.GetOperationAsync(operationId)).Json["status"]!.GetValue<string>());

        await _harness.RunWatchdogAsync();
        Assert.Equal("PENDING", await StatusAsync());

        _harness.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await _harness.RunWatchdogAsync();

        var number = (await _harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.Null(number["pendingOperation"]);
        Assert.Contains("no longer running", number["lastFailure"]!["reason"]!.GetValue<string>());
        Assert.Equal("activation-failed", (await _harness.ChangesAsync(Number))[^1]);
        Assert.Equal(0, (await _harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }

    [Fact]
    public async Task A_failure_the_watchdog_finds_is_attributed_to_the_watchdog()
    {
        await _harness.App.Get<ActivationCommands>().StartAsync(
            new NumberRef(Api.Site, Number), OperationKind.Activation, (_, _) => Task.CompletedTask, default);

        _harness.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await _harness.RunWatchdogAsync();

        var latest = (await _harness.App.HistoryAsync(Api.Site, Number)).Json["items"]![0]!;
        Assert.Equal("telephony.phone-number.activation-failed.v1", latest["type"]!.GetValue<string>());
        Assert.Equal(("system", PendingWatchdog.ScheduleName), (latest["actor"]!["type"]!.GetValue<string>(), latest["actor"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_number_whose_orchestration_was_never_scheduled_is_reconciled()
    {
        await _harness.App.Get<ActivationCommands>().StartAsync(
            new NumberRef(Api.Site, Number), OperationKind.Activation, (_, _) => Task.CompletedTask, default);
        Assert.Equal("PENDING", await StatusAsync());

        _harness.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await _harness.RunWatchdogAsync();

        Assert.Equal("RESERVED", await StatusAsync());
    }

    [Fact]
    public async Task A_number_whose_orchestration_still_runs_is_left_alone()
    {
        Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var operationId = ActivationHarness.OperationIdOf(await _harness.ActivateAsync(Api.Site, Number));
        await Platform.PutEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        _harness.App.Clock.Advance(TimeSpan.FromHours(1));
        await _harness.RunWatchdogAsync();
        Assert.Equal("PENDING", await StatusAsync());

        Platform.PutGate.SetResult();
        await _harness.WaitForOperationAsync(operationId);
        Assert.Equal("ACTIVE", await StatusAsync());
    }

    private async Task<string> StatusAsync() =>
        (await _harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>();
}
