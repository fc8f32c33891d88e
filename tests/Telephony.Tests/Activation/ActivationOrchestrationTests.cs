using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Activation;
using Telephony.Infrastructure.VoicePlatform;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

public sealed class ActivationOrchestrationTests : ScriptedActivationTests
{
    private static readonly string Number = Api.Number(1);

    [Fact]
    public async Task Activating_a_reserved_number_answers_202_with_the_operation_and_runs_it_to_active()
    {
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");

        var started = await Harness.ActivateAsync(Api.Site, Number);

        var operationId = ActivationHarness.OperationIdOf(started);
        Assert.Equal("PENDING", started.Json["status"]!.GetValue<string>());
        Assert.Equal("activation", started.Json["pendingOperation"]!["kind"]!.GetValue<string>());
        Assert.Equal(operationId, started.Json["pendingOperation"]!["operationId"]!.GetValue<string>());
        Assert.True(started.Json["updateInProgress"]!.GetValue<bool>());

        var instance = await Harness.WaitForOperationAsync(operationId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);

        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("ACTIVE", number["status"]!.GetValue<string>());
        Assert.Null(number["pendingOperation"]);
        Assert.Null(number["lastFailure"]);
        Assert.Equal(["allocated", "activation-started", "activated"], (await Harness.ChangesAsync(Number)).Skip(1));
        Assert.Equal(1, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
        var line = await Harness.App.Get<SimulatedVoicePlatform>().FindAsync(Api.Site, Number, default);
        Assert.True(line!.InService);

        var operation = await Harness.GetOperationAsync(operationId);
        Assert.Equal(200, operation.Status);
        var expected = JsonNode.Parse($$"""
            {"operationId":"{{operationId}}","kind":"activation","siteId":"{{Api.Site}}","number":"{{Number}}","status":"completed",
             "step":"completed","failureReason":null,"startedAt":"2026-11-25T09:00:00.000Z"}
            """)!.AsObject();
        var actual = operation.Json.AsObject();
        Assert.NotNull(actual["completedAt"]);
        actual.Remove("completedAt");
        Assert.True(JsonNode.DeepEquals(expected, actual), operation.Body);
    }

    [Fact]
    public async Task Deactivating_an_active_number_takes_it_out_of_service_with_no_configuration_and_the_default_pin()
    {
        await Harness.ActivateToEndAsync(Number);
        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Number, """{"forwardTo":"+442079460000","callerIdName":"Acme reception","voicemailEnabled":false}""")).Status);
        Assert.Equal(204, (await Harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""")).Status);

        var started = await Harness.DeactivateAsync(Api.Site, Number);
        var instance = await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(started));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.Null(number["pendingOperation"]);
        Assert.Equal(0, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
        Assert.Null(await Harness.App.Get<INumberConfigurationStore>().FindAsync(Api.Site, Number, default));
        var line = await Harness.App.Get<SimulatedVoicePlatform>().FindAsync(Api.Site, Number, default);
        Assert.False(line!.InService);
        Assert.False(line.HasCustomConfiguration);
        Assert.True(VoicemailPin.Matches(ActivationHarness.DefaultPin, line.PinHash!));
        Assert.Equal(["deactivation-started", "deactivated"], (await Harness.ChangesAsync(Number)).TakeLast(2));

        // Activated again, it answers the default configuration.
        var again = await Harness.ActivateAsync(Api.Site, Number);
        await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(again));
        var configuration = await Harness.GetConfigurationAsync(Api.Site, Number);
        Assert.Equal("""{"forwardTo":null,"callerIdName":null,"voicemailEnabled":true}""", configuration.Body);
        Assert.True(NumberConfiguration.Default.PinIs(ActivationHarness.DefaultPin, ActivationHarness.DefaultPin));
    }

    /// <summary>
    /// Deactivations started before the orchestration waited for configuration changes (or by an instance still on that
    /// code) run under the earlier name, which stays registered and readable as an operation.
    /// </summary>
    [Fact]
    public async Task A_deactivation_under_the_earlier_orchestrator_name_still_runs_and_is_shown_as_an_operation()
    {
        await Harness.ActivateToEndAsync(Number);
        var commands = Harness.App.Get<ActivationCommands>();

        var started = await commands.StartAsync(new NumberRef(new SiteId(Api.Site), Number), OperationKind.Deactivation, (operation, ct) =>
            Harness.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(OperationOrchestrations.DeactivationOrchestration), operation, new StartOrchestrationOptions(operation.OperationId), ct), default);
        var operationId = started.Value!.Operation.OperationId;
        await Harness.WaitForOperationAsync(operationId);

        var shown = (await Harness.GetOperationAsync(operationId)).Json;
        Assert.Equal(("deactivation", "completed", OperationStep.Completed),
            (shown["kind"]!.GetValue<string>(), shown["status"]!.GetValue<string>(), shown["step"]!.GetValue<string>()));
        Assert.Equal("RESERVED", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());
        Assert.False((await Harness.App.Get<SimulatedVoicePlatform>().FindAsync(Api.Site, Number, default))!.InService);
    }

    [Fact]
    public async Task A_transient_voice_platform_failure_is_retried_and_the_activation_completes()
    {
        Platform.PutFailures.Enqueue(new VoicePlatformException("HTTP 503", isTransient: true));
        Platform.PutFailures.Enqueue(new VoicePlatformException("HTTP 503", isTransient: true));

        await Harness.ActivateToEndAsync(Number);

        Assert.Equal(3, Platform.PutAttempts);
        Assert.Equal("ACTIVE", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_permanent_voice_platform_failure_returns_the_number_to_reserved_with_the_failure_shown()
    {
        Platform.PutFailures.Enqueue(new VoicePlatformException("HTTP 400 Bad Request: unknown range", isTransient: false));
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");

        var operationId = ActivationHarness.OperationIdOf(await Harness.ActivateAsync(Api.Site, Number));
        var instance = await Harness.WaitForOperationAsync(operationId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(1, Platform.PutAttempts);
        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.Null(number["pendingOperation"]);
        Assert.Equal("activation", number["lastFailure"]!["kind"]!.GetValue<string>());
        Assert.Contains("unknown range", number["lastFailure"]!["reason"]!.GetValue<string>());
        Assert.Equal("activation-failed", (await Harness.ChangesAsync(Number))[^1]);
        Assert.Equal(0, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);

        var operation = (await Harness.GetOperationAsync(operationId)).Json;
        Assert.Equal("failed", operation["status"]!.GetValue<string>());
        Assert.Equal("failed", operation["step"]!.GetValue<string>());
        Assert.Contains("unknown range", operation["failureReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task What_operators_see_of_a_failure_is_a_bounded_summary_however_long_the_platform_message()
    {
        Platform.PutFailures.Enqueue(new VoicePlatformException("HTTP 400 Bad Request " + new string('b', 5000) + "\n", isTransient: false));
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");

        var operationId = ActivationHarness.OperationIdOf(await Harness.ActivateAsync(Api.Site, Number));
        await Harness.WaitForOperationAsync(operationId);

        var lastFailure = (await Harness.Api.GetAsync(Api.Site, Number)).Json["lastFailure"]!["reason"]!.GetValue<string>();
        var failureReason = (await Harness.GetOperationAsync(operationId)).Json["failureReason"]!.GetValue<string>();
        Assert.StartsWith("The voice platform refused to put into service: HTTP 400 Bad Request", lastFailure);
        Assert.Equal(lastFailure, failureReason);
        Assert.InRange(lastFailure.Length, 1, FailureReasons.MaxLength);
        Assert.DoesNotContain('\n', lastFailure);
    }

    [Fact]
    public async Task A_step_that_keeps_failing_transiently_is_compensated_after_its_retries()
    {
        for (var i = 0; i < 3; i++)
        {
            Platform.PutFailures.Enqueue(new VoicePlatformException("HTTP 503", isTransient: true));
        }

        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");
        var operationId = ActivationHarness.OperationIdOf(await Harness.ActivateAsync(Api.Site, Number));
        await Harness.WaitForOperationAsync(operationId);

        Assert.Equal(3, Platform.PutAttempts);
        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.Contains("3 attempts", number["lastFailure"]!["reason"]!.GetValue<string>());
        Assert.Equal(0, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }

    [Fact]
    public async Task An_activity_run_twice_applies_once()
    {
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");
        var operationId = ActivationHarness.OperationIdOf(await Harness.ActivateAsync(Api.Site, Number));
        var instance = await Harness.WaitForOperationAsync(operationId);
        var operation = instance.ReadInputAs<OperationInput>()!;
        var before = (await Harness.Api.GetAsync(Api.Site, Number)).Headers.ETag.ToString();

        var activities = Harness.App.Function<OperationActivities>();
        Assert.False(await activities.CompleteOperation(new OperationCompletion(operation, null), default));
        Assert.True((await activities.PutIntoService(operation, default)).Succeeded);
        Assert.False(await activities.FailOperation(new OperationFailure(operation, "late"), default));

        Assert.Equal(1, Platform.PutAttempts);
        var after = await Harness.Api.GetAsync(Api.Site, Number);
        Assert.Equal(before, after.Headers.ETag.ToString());
        Assert.Equal("ACTIVE", after.Json["status"]!.GetValue<string>());
        Assert.Equal(1, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
        Assert.Single(await Harness.ChangesAsync(Number), c => c == "activated");
    }

    [Fact]
    public async Task While_an_activation_runs_every_other_change_is_refused_with_update_in_progress()
    {
        Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");
        var operationId = ActivationHarness.OperationIdOf(await Harness.ActivateAsync(Api.Site, Number));
        await Platform.PutEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var running = (await Harness.GetOperationAsync(operationId)).Json;
        Assert.Equal("running", running["status"]!.GetValue<string>());
        Assert.Equal("put-into-service", running["step"]!.GetValue<string>());
        Assert.Null(running["completedAt"]);

        Assert.Equal("update-in-progress", (await Harness.ActivateAsync(Api.Site, Number)).ProblemCode);
        Assert.Equal("update-in-progress", (await Harness.DeactivateAsync(Api.Site, Number)).ProblemCode);
        Assert.Equal("update-in-progress", (await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""")).ProblemCode);
        Assert.Equal("update-in-progress", (await Harness.Api.DeallocateAsync(Api.Site, Number)).ProblemCode);
        var assign = await Harness.AssignAsync(Api.Site, Number, """{"userId":"jo","displayName":"Jo Bloggs"}""");
        Assert.Equal(409, assign.Status);
        Assert.Equal("update-in-progress", assign.ProblemCode);
        Assert.Equal("update-in-progress", (await Harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""")).ProblemCode);

        Platform.PutGate.SetResult();
        await Harness.WaitForOperationAsync(operationId);
        Assert.Equal("ACTIVE", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());
        Assert.Equal(1, Platform.PutAttempts);
    }

    [Fact]
    public async Task Two_racing_activations_start_exactly_one_operation()
    {
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Harness.ActivateAsync(Api.Site, Number)));

        var started = Assert.Single(answers, a => a.Status == 202);
        // A loser refused after the winner's operation already ended sees the number ACTIVE (not-reserved).
        Assert.All(answers.Where(a => a != started), a => Assert.Contains(a.ProblemCode, new[] { "update-in-progress", "not-reserved" }));
        await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(started));
        Assert.Equal(1, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
        Assert.Single(await Harness.ChangesAsync(Number), c => c == "activation-started");
    }

    [Fact]
    public async Task Activation_is_refused_without_a_free_voice_service()
    {
        Assert.Equal(201, (await Harness.Api.PutOccupierAsync(Api.Site, "tiny", """{"name":"Tiny Ltd","voiceServices":0}""")).Status);
        await Harness.Api.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"occupier","occupierId":"tiny"}""");
        await Harness.Api.AllocateAsync(Api.Site, Api.Number(3), """{"allocateTo":"operator"}""");

        var occupier = await Harness.ActivateAsync(Api.Site, Api.Number(2));
        var operatorWithoutServices = await Harness.ActivateAsync(Api.Site, Api.Number(3));

        Assert.Equal(409, occupier.Status);
        Assert.Equal("no-voice-service", occupier.ProblemCode);
        Assert.Equal("no-voice-service", operatorWithoutServices.ProblemCode);
        Assert.Equal("RESERVED", (await Harness.Api.GetAsync(Api.Site, Api.Number(2))).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Activation_takes_the_last_free_voice_service_and_then_refuses()
    {
        await Harness.ActivateToEndAsync(Api.Number(1));
        await Harness.ActivateToEndAsync(Api.Number(2));
        await Harness.Api.AllocateAsync(Api.Site, Api.Number(3), """{"allocateTo":"occupier","occupierId":"acme"}""");

        var third = await Harness.ActivateAsync(Api.Site, Api.Number(3));

        Assert.Equal("no-voice-service", third.ProblemCode);
        Assert.Equal(2, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }

    [Theory]
    [InlineData("activate", "not-reserved")]
    [InlineData("deactivate", "not-active")]
    public async Task An_available_number_can_be_neither_activated_nor_deactivated(string action, string code)
    {
        var answer = action == "activate" ? await Harness.ActivateAsync(Api.Site, Number) : await Harness.DeactivateAsync(Api.Site, Number);

        Assert.Equal(409, answer.Status);
        Assert.Equal(code, answer.ProblemCode);
    }

    [Fact]
    public async Task A_stale_if_match_refuses_the_activation_with_412()
    {
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");

        var answer = await Harness.ActivateAsync(Api.Site, Number, new Dictionary<string, string> { ["If-Match"] = "\"1\"" });

        Assert.Equal(412, answer.Status);
    }

    [Fact]
    public async Task An_unknown_operation_is_not_found()
    {
        var answer = await Harness.GetOperationAsync(Guid.NewGuid().ToString());

        Assert.Equal(404, answer.Status);
        Assert.Equal("operation-not-found", answer.ProblemCode);
        Assert.Equal("operation-not-found", (await Harness.GetOperationAsync("not-a-guid")).ProblemCode);
    }

    [Fact]
    public async Task When_the_orchestration_cannot_be_scheduled_the_number_is_not_left_pending()
    {
        await Harness.Api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""");
        var commands = Harness.App.Get<ActivationCommands>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => commands.StartAsync(
            new NumberRef(new SiteId(Api.Site), Number), OperationKind.Activation, (_, _) => throw new InvalidOperationException("scheduler down"), default));

        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.NotNull(number["lastFailure"]);
        Assert.Equal(0, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }
}
