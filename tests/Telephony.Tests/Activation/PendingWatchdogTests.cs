using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Tests.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

public sealed class PendingWatchdogTests : ScriptedActivationTests
{
    private static readonly string Number = Api.Number(1);

    protected override async Task ArrangeAsync()
    {
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");
    }

    [Fact]
    public async Task A_number_left_pending_by_a_terminated_orchestration_is_returned_to_reserved()
    {
        Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var operationId = ActivationHarness.OperationIdOf(await Harness.ActivateAsync(Api.Site, Number));
        await Platform.PutEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Harness.Client.TerminateInstanceAsync(operationId, "stopped by an administrator");
        var terminated = await Harness.WaitForOperationAsync(operationId);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("failed", (await Harness.GetOperationAsync(operationId)).Json["status"]!.GetValue<string>());

        await Harness.RunWatchdogAsync();
        Assert.Equal("PENDING", await StatusAsync());

        Harness.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await Harness.RunWatchdogAsync();

        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.Null(number["pendingOperation"]);
        Assert.Contains("no longer running", number["lastFailure"]!["reason"]!.GetValue<string>());
        Assert.Equal("activation-failed", (await Harness.ChangesAsync(Number))[^1]);
        Assert.Equal(0, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }

    [Fact]
    public async Task A_failure_the_watchdog_finds_is_attributed_to_the_watchdog()
    {
        await Harness.App.Get<ActivationCommands>().StartAsync(
            new NumberRef(new SiteId(Api.Site), Number), OperationKind.Activation, (_, _) => Task.CompletedTask, default);

        Harness.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await Harness.RunWatchdogAsync();

        var latest = (await Harness.App.HistoryAsync(Api.Site, Number)).Json["items"]![0]!;
        Assert.Equal("telephony.phone-number.activation-failed.v1", latest["type"]!.GetValue<string>());
        Assert.Equal(("system", PendingWatchdog.ScheduleName), (latest["actor"]!["type"]!.GetValue<string>(), latest["actor"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_number_whose_orchestration_was_never_scheduled_is_reconciled()
    {
        await Harness.App.Get<ActivationCommands>().StartAsync(
            new NumberRef(new SiteId(Api.Site), Number), OperationKind.Activation, (_, _) => Task.CompletedTask, default);
        Assert.Equal("PENDING", await StatusAsync());

        Harness.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await Harness.RunWatchdogAsync();

        Assert.Equal("RESERVED", await StatusAsync());
    }

    [Fact]
    public async Task A_number_whose_orchestration_still_runs_is_left_alone()
    {
        Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var operationId = ActivationHarness.OperationIdOf(await Harness.ActivateAsync(Api.Site, Number));
        await Platform.PutEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Harness.App.Clock.Advance(TimeSpan.FromHours(1));
        await Harness.RunWatchdogAsync();
        Assert.Equal("PENDING", await StatusAsync());

        Platform.PutGate.SetResult();
        await Harness.WaitForOperationAsync(operationId);
        Assert.Equal("ACTIVE", await StatusAsync());
    }

    [Fact]
    public async Task A_deactivation_left_pending_by_a_terminated_orchestration_is_run_again_to_the_end_never_back_to_active()
    {
        Platform.PutGate?.TrySetResult();
        await Harness.ActivateToEndAsync(Api.Number(2));
        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Api.Number(2), """{"forwardTo":"+442079460000","callerIdName":null,"voicemailEnabled":true}""")).Status);
        // The orchestration stops for good once the number is out of service and its clean-up is retrying.
        Platform.FailForGood(OperationStep.RemoveConfiguration, new VoicePlatformException("HTTP 503", isTransient: true));
        var operationId = ActivationHarness.OperationIdOf(await Harness.DeactivateAsync(Api.Site, Api.Number(2)));
        await WaitUntilAsync(() => Platform.Calls(OperationStep.RemoveConfiguration) > 0);
        await Harness.Client.TerminateInstanceAsync(operationId, "stopped by an administrator");
        await Harness.WaitForOperationAsync(operationId);
        Platform.Recover(OperationStep.RemoveConfiguration);

        Harness.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await Harness.RunWatchdogAsync();
        var instance = await Harness.WaitForOperationAsync(operationId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var number = (await Harness.Api.GetAsync(Api.Site, Api.Number(2))).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.Null(number["lastFailure"]);
        Assert.Null(await Harness.App.Get<INumberConfigurationStore>().FindAsync(Api.Site, Api.Number(2), default));
        Assert.DoesNotContain("deactivation-failed", await Harness.ChangesAsync(Api.Number(2)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task<string> StatusAsync() =>
        (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>();
}
