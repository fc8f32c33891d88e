using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;
using Telephony.Infrastructure.VoicePlatform;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

/// <summary>
/// Rule 5: a deactivation either completes, or leaves the number exactly as it was (in service, with its configuration
/// and PIN). Each step fails for good here, on the in-process Durable host, and the number is checked on the platform
/// and in storage.
/// </summary>
public sealed class DeactivationFailureTests : ScriptedActivationTests
{
    private const string Pin = "739184";
    private const string Configuration = """{"forwardTo":"+442079460000","callerIdName":"Acme reception","voicemailEnabled":false}""";
    private static readonly string Number = Api.Number(1);
    private static readonly VoicePlatformException Refused = new("HTTP 400 Bad Request", isTransient: false);
    private static readonly VoicePlatformException Unavailable = new("HTTP 503 Service Unavailable", isTransient: true);

    protected override async Task ArrangeAsync()
    {
        await Harness.ActivateToEndAsync(Number);
        Assert.Equal(200, (await Harness.PutConfigurationAsync(Api.Site, Number, Configuration)).Status);
        Assert.Equal(204, (await Harness.PutPinAsync(Api.Site, Number, $$"""{"pin":"{{Pin}}"}""")).Status);
    }

    [Fact]
    public async Task Taking_out_of_service_refused_for_good_leaves_the_number_active_with_its_configuration_and_pin()
    {
        Platform.FailForGood(OperationStep.TakeOutOfService, Refused);

        var operation = await DeactivateAsync();

        Assert.Equal("failed", operation["status"]!.GetValue<string>());
        var number = await AssertExactlyAsItWasAsync();
        Assert.Contains("take out of service", number["lastFailure"]!["reason"]!.GetValue<string>());
        Assert.Equal(0, Platform.Calls(OperationStep.RemoveConfiguration) + Platform.Calls(OperationStep.ResetPin));
    }

    [Fact]
    public async Task Taking_out_of_service_without_an_answer_puts_the_number_back_into_service_before_it_is_active_again()
    {
        // The platform takes it out of service every time, but the answer never arrives.
        Platform.FailForGood(OperationStep.TakeOutOfService, Unavailable, afterTheCall: true);

        var operation = await DeactivateAsync();

        Assert.Equal("failed", operation["status"]!.GetValue<string>());
        Assert.Equal(2, Platform.PutAttempts); // the activation, then the restore
        var number = await AssertExactlyAsItWasAsync();
        Assert.Contains("still failed after 3 attempts: HTTP 503 Service Unavailable", number["lastFailure"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_configuration_refused_for_good_completes_the_deactivation_and_keeps_and_shows_the_configuration()
    {
        Platform.FailForGood(OperationStep.RemoveConfiguration, Refused);

        var operation = await DeactivateAsync();

        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        var number = await AssertDeactivatedAsync();
        Assert.Equal(
            "Taken out of service, but the clean-up did not finish: The voice platform refused to remove configuration: HTTP 400 Bad Request. " +
            "What was not removed is kept and shown.",
            number["lastFailure"]!["reason"]!.GetValue<string>());
        var stored = await StoredAsync();
        Assert.Equal(("+442079460000", "Acme reception", false), (stored!.ForwardTo, stored.CallerIdName, stored.VoicemailEnabled));
        Assert.Null(stored.PinHash); // the PIN was reset all the same
        var line = await LineAsync();
        Assert.Equal(stored with { PinHash = null }, line.Configuration()); // storage shows what the platform kept
        Assert.True(VoicemailPin.Matches(ActivationHarness.DefaultPin, line.PinHash!));
    }

    [Fact]
    public async Task Resetting_the_pin_refused_for_good_completes_the_deactivation_and_keeps_the_pin()
    {
        Platform.FailForGood(OperationStep.ResetPin, Refused);

        var operation = await DeactivateAsync();

        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        var number = await AssertDeactivatedAsync();
        Assert.Equal(
            "Taken out of service, but the clean-up did not finish: The voice platform refused to reset pin: HTTP 400 Bad Request. " +
            "What was not removed is kept and shown.",
            number["lastFailure"]!["reason"]!.GetValue<string>());
        var stored = await StoredAsync();
        Assert.Equal((null, null, true), (stored!.ForwardTo, stored.CallerIdName, stored.VoicemailEnabled));
        Assert.True(stored.PinIs(Pin, ActivationHarness.DefaultPin));
        var line = await LineAsync();
        Assert.False(line.HasCustomConfiguration);
        Assert.True(VoicemailPin.Matches(Pin, line.PinHash!)); // the platform kept it too
    }

    [Fact]
    public async Task A_clean_up_step_that_fails_for_a_while_is_tried_again_after_a_durable_timer_and_the_deactivation_completes()
    {
        for (var i = 0; i < 3; i++) // every attempt of the first round
        {
            Platform.FailuresOf(OperationStep.ResetPin).Enqueue(Unavailable);
        }

        var operation = await DeactivateAsync();

        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        Assert.Equal(4, Platform.Calls(OperationStep.ResetPin));
        var number = await AssertDeactivatedAsync();
        Assert.Null(number["lastFailure"]);
        Assert.Null(await StoredAsync());
        var line = await LineAsync();
        Assert.False(line.HasCustomConfiguration);
        Assert.True(VoicemailPin.Matches(ActivationHarness.DefaultPin, line.PinHash!));
    }

    [Fact]
    public async Task A_clean_up_step_that_keeps_failing_is_given_up_after_the_clean_up_period_never_back_to_active()
    {
        Platform.FailForGood(OperationStep.RemoveConfiguration, Unavailable);

        var operation = await DeactivateAsync();

        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        Assert.True(Platform.Calls(OperationStep.RemoveConfiguration) > 3, "retried in more than one round");
        var number = await AssertDeactivatedAsync();
        Assert.Matches(
            @"^Taken out of service, but the clean-up did not finish: Step remove-configuration still failed after 3 attempts: [^ ].*[^.]\. " +
            @"Given up after retrying for 00:00:01\.5000000\. What was not removed is kept and shown\.$",
            number["lastFailure"]!["reason"]!.GetValue<string>());
        Assert.Equal("+442079460000", (await StoredAsync())!.ForwardTo);
    }

    private async Task<JsonNode> DeactivateAsync()
    {
        var operationId = ActivationHarness.OperationIdOf(await Harness.DeactivateAsync(Api.Site, Number));
        var instance = await Harness.WaitForOperationAsync(operationId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        return (await Harness.GetOperationAsync(operationId)).Json;
    }

    /// <summary>ACTIVE, in service, with its configuration and PIN, in storage and on the platform.</summary>
    private async Task<JsonNode> AssertExactlyAsItWasAsync()
    {
        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("ACTIVE", number["status"]!.GetValue<string>());
        Assert.Equal("deactivation", number["lastFailure"]!["kind"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Configuration), (await Harness.GetConfigurationAsync(Api.Site, Number)).Json));
        Assert.True((await StoredAsync())!.PinIs(Pin, ActivationHarness.DefaultPin));
        var line = await LineAsync();
        Assert.True(line.InService);
        Assert.Equal(("+442079460000", "Acme reception", false), (line.ForwardTo, line.CallerIdName, line.VoicemailEnabled));
        Assert.True(VoicemailPin.Matches(Pin, line.PinHash!));
        Assert.Equal(1, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
        Assert.Equal("deactivation-failed", (await Harness.ChangesAsync(Number))[^1]);
        return number;
    }

    /// <summary>RESERVED, out of service, its voice service released.</summary>
    private async Task<JsonNode> AssertDeactivatedAsync()
    {
        var number = (await Harness.Api.GetAsync(Api.Site, Number)).Json;
        Assert.Equal("RESERVED", number["status"]!.GetValue<string>());
        Assert.Null(number["pendingOperation"]);
        Assert.False((await LineAsync()).InService);
        Assert.Equal(0, (await Harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
        Assert.Equal("deactivated", (await Harness.ChangesAsync(Number))[^1]);
        return number;
    }

    private Task<NumberConfiguration?> StoredAsync() => Harness.App.Get<INumberConfigurationStore>().FindAsync(Api.Site, Number, default);

    private async Task<SimulatedLine> LineAsync() =>
        (await Harness.App.Get<SimulatedVoicePlatform>().FindAsync(Api.Site, Number, default))!;
}
