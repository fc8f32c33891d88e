using System.Text.Json.Nodes;
using Telephony.Domain.Activation;
using Telephony.Infrastructure.VoicePlatform;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

/// <summary>Rule 12: configuration and PIN changes take effect on the voice platform; what the API shows is what it has.</summary>
public sealed class ConfigurationOnThePlatformTests : ScriptedActivationTests
{
    private const string First = """{"forwardTo":"+442079460000","callerIdName":"Acme reception","voicemailEnabled":false}""";
    private const string Second = """{"forwardTo":"+442079460001","callerIdName":"Acme sales","voicemailEnabled":true}""";
    private static readonly string Number = Api.Number(1);

    protected override async Task ArrangeAsync()
    {
        await Harness.ActivateToEndAsync(Number);
    }

    [Fact]
    public async Task Saving_configuration_applies_it_on_the_voice_platform_with_an_idempotency_key_of_its_own()
    {
        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Number, First)).Status);
        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Number, Second)).Status);

        await AssertApiShowsWhatThePlatformHasAsync(Second);
        var keys = Platform.Requests.Where(r => r.Call == ScriptedVoicePlatform.Configure).Select(r => r.Request.OperationId).ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.True(Guid.TryParse(k, out _)));
        Assert.NotEqual(keys[0], keys[1]);
    }

    [Fact]
    public async Task Setting_the_pin_sets_it_on_the_voice_platform()
    {
        Assert.Equal(204, (await Harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""")).Status);

        Assert.True(VoicemailPin.Matches("739184", (await LineAsync()).PinHash!));
        Assert.True((await StoredAsync())!.PinIs("739184", ActivationHarness.DefaultPin));
    }

    [Fact]
    public async Task A_configuration_the_platform_refuses_is_answered_422_and_nothing_changes()
    {
        await Harness.PutConfigurationAsync(Api.Site, Number, First);
        Platform.FailForGood(ScriptedVoicePlatform.Configure, new VoicePlatformException("HTTP 400 Bad Request", isTransient: false));

        var answer = await Harness.PutConfigurationAsync(Api.Site, Number, Second);

        Assert.Equal(422, answer.Status);
        Assert.Equal("voice-platform-refused", answer.ProblemCode);
        Assert.Contains("HTTP 400 Bad Request", answer.Json["detail"]!.GetValue<string>());
        await AssertApiShowsWhatThePlatformHasAsync(First);
    }

    [Fact]
    public async Task A_configuration_change_the_platform_does_not_answer_is_put_back_and_answered_502()
    {
        await Harness.PutConfigurationAsync(Api.Site, Number, First);
        Platform.LoseNextAnswer(ScriptedVoicePlatform.Configure); // the platform takes it; the app never hears so

        var answer = await Harness.PutConfigurationAsync(Api.Site, Number, Second);

        Assert.Equal(502, answer.Status);
        Assert.Equal("voice-platform-unavailable", answer.ProblemCode);
        Assert.Contains("was not changed", answer.Json["detail"]!.GetValue<string>());
        await AssertApiShowsWhatThePlatformHasAsync(First);
        var calls = Platform.Requests.Where(r => r.Call == ScriptedVoicePlatform.Configure).Select(r => r.Request.OperationId).ToList();
        Assert.Equal(3, calls.Count); // First, Second (unanswered), First again under a key of its own
        Assert.Equal(3, calls.Distinct().Count());
    }

    [Fact]
    public async Task When_neither_the_change_nor_its_restore_is_answered_the_answer_says_it_may_have_changed()
    {
        await Harness.PutConfigurationAsync(Api.Site, Number, First);
        Platform.FailForGood(ScriptedVoicePlatform.Configure, new VoicePlatformException("HTTP 503 Service Unavailable", isTransient: true));

        var answer = await Harness.PutConfigurationAsync(Api.Site, Number, Second);

        Assert.Equal(502, answer.Status);
        Assert.Contains("may or may not have changed", answer.Json["detail"]!.GetValue<string>());
        await AssertApiShowsWhatThePlatformHasAsync(First);

        Platform.Recover(ScriptedVoicePlatform.Configure);
        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Number, Second)).Status); // the number is not held
        await AssertApiShowsWhatThePlatformHasAsync(Second);
    }

    [Fact]
    public async Task A_pin_the_platform_refuses_is_answered_422_and_the_pin_stays()
    {
        await Harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""");
        Platform.FailForGood(ScriptedVoicePlatform.SetPin, new VoicePlatformException("HTTP 400 Bad Request", isTransient: false));

        var answer = await Harness.PutPinAsync(Api.Site, Number, """{"pin":"502817"}""");

        Assert.Equal(422, answer.Status);
        Assert.Equal("voice-platform-refused", answer.ProblemCode);
        Assert.True((await StoredAsync())!.PinIs("739184", ActivationHarness.DefaultPin));
        Assert.True(VoicemailPin.Matches("739184", (await LineAsync()).PinHash!));
    }

    [Fact]
    public async Task While_a_change_is_applied_other_changes_are_refused_with_update_in_progress()
    {
        Platform.ConfigureGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applying = Harness.PutConfigurationAsync(Api.Site, Number, First);
        await Platform.ConfigureEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("update-in-progress", (await Harness.PutConfigurationAsync(Api.Site, Number, Second)).ProblemCode);
        Assert.Equal("update-in-progress", (await Harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""")).ProblemCode);

        Platform.ConfigureGate.SetResult();
        Assert.Equal(200, (await applying).Status);
        await AssertApiShowsWhatThePlatformHasAsync(First);
    }

    [Fact]
    public async Task A_deactivation_started_while_a_change_is_applied_waits_for_it_to_end_before_it_touches_the_platform()
    {
        Platform.ConfigureGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applying = Harness.PutConfigurationAsync(Api.Site, Number, First);
        await Platform.ConfigureEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var started = await Harness.DeactivateAsync(Api.Site, Number);
        var operationId = ActivationHarness.OperationIdOf(started);
        Assert.Equal("PENDING", started.Json["status"]!.GetValue<string>());
        await AssertWaitsForTheChangeAsync(operationId);
        // Nor can another change start while the number is PENDING.
        Assert.Equal("update-in-progress", (await Harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""")).ProblemCode);

        Platform.ConfigureGate.SetResult();
        Assert.Equal(200, (await applying).Status); // its end is stored although the number is PENDING by then
        var instance = await Harness.WaitForOperationAsync(operationId);

        Assert.Equal(OperationOutcome.Completed, instance.ReadOutputAs<OperationOutcome>()!.Status);
        Assert.Equal("RESERVED", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());
        var line = await LineAsync();
        Assert.Equal((false, false), (line.InService, line.HasCustomConfiguration)); // the change's configuration removed after it
        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task A_deactivation_waits_for_a_change_left_by_an_app_that_stopped_only_until_its_time_out()
    {
        var store = Harness.App.Get<INumberConfigurationStore>();
        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Number, First)).Status);
        var number = await Harness.App.Get<Telephony.Domain.PhoneNumbers.IPhoneNumberStore>().FindAsync(Api.Site, Number, default);
        var stored = await store.ReadAsync(Api.Site, Number, default);
        var now = Harness.App.Clock.GetUtcNow();
        Assert.NotNull(await store.TryStartChangeAsync(number!, stored, new ConfigurationChange("stopped", now + TimeSpan.FromMinutes(1)), default));

        var operationId = ActivationHarness.OperationIdOf(await Harness.DeactivateAsync(Api.Site, Number));
        await AssertWaitsForTheChangeAsync(operationId);
        Harness.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var instance = await Harness.WaitForOperationAsync(operationId);

        Assert.Equal(OperationOutcome.Completed, instance.ReadOutputAs<OperationOutcome>()!.Status);
        Assert.Null(instance.ReadOutputAs<OperationOutcome>()!.FailureReason);
        Assert.Equal("RESERVED", (await Harness.Api.GetAsync(Api.Site, Number)).Json["status"]!.GetValue<string>());
        Assert.False((await LineAsync()).InService);
        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task A_change_left_by_an_app_that_stopped_holds_the_number_only_until_its_time_out()
    {
        var store = Harness.App.Get<INumberConfigurationStore>();
        var number = await Harness.App.Get<Telephony.Domain.PhoneNumbers.IPhoneNumberStore>().FindAsync(Api.Site, Number, default);
        var now = Harness.App.Clock.GetUtcNow();
        Assert.NotNull(await store.TryStartChangeAsync(number!, null, new ConfigurationChange("stopped", now + TimeSpan.FromMinutes(1)), default));

        Assert.Equal("update-in-progress", (await Harness.PutConfigurationAsync(Api.Site, Number, First)).ProblemCode);
        Harness.App.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Number, First)).Status);
        await AssertApiShowsWhatThePlatformHasAsync(First);
    }

    /// <summary>
    /// The operation shows it waits for the change, and over several of its looks (100 ms apart here; counted, not
    /// timed, so a busy machine cannot make it check fewer) it leaves the platform alone: the number stays in service.
    /// </summary>
    private async Task AssertWaitsForTheChangeAsync(string operationId)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await Harness.GetOperationAsync(operationId)).Json["step"]?.GetValue<string>() != OperationStep.AwaitConfigurationChange)
        {
            await Task.Delay(50, patience.Token);
        }

        var looks = Harness.ConfigurationChangeLooks;
        var before = DeactivationCalls();
        while (Harness.ConfigurationChangeLooks < looks + 4 && DeactivationCalls() == before)
        {
            await Task.Delay(50, patience.Token);
        }

        var operation = (await Harness.GetOperationAsync(operationId)).Json;
        Assert.Equal(("running", OperationStep.AwaitConfigurationChange), (operation["status"]!.GetValue<string>(), operation["step"]!.GetValue<string>()));
        Assert.Equal((0, before), (Platform.Calls(OperationStep.TakeOutOfService), DeactivationCalls()));
        Assert.True((await LineAsync()).InService);

        int DeactivationCalls() => Platform.Calls(OperationStep.TakeOutOfService) + Platform.Calls(OperationStep.RemoveConfiguration) + Platform.Calls(OperationStep.ResetPin);
    }

    private async Task AssertApiShowsWhatThePlatformHasAsync(string expected)
    {
        var shown = (await Harness.GetConfigurationAsync(Api.Site, Number)).Json;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), shown), shown.ToJsonString());
        var line = (await LineAsync()).Configuration();
        var onPlatform = JsonNode.Parse($$"""{"forwardTo":"{{line.ForwardTo}}","callerIdName":"{{line.CallerIdName}}","voicemailEnabled":{{(line.VoicemailEnabled ? "true" : "false")}}}""");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), onPlatform), onPlatform!.ToJsonString());
    }

    private Task<NumberConfiguration?> StoredAsync() => Harness.App.Get<INumberConfigurationStore>().FindAsync(Api.Site, Number, default);

    private async Task<SimulatedLine> LineAsync() => (await Harness.App.Get<SimulatedVoicePlatform>().FindAsync(Api.Site, Number, default))!;
}
