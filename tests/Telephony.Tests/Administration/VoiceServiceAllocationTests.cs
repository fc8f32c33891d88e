using Microsoft.DurableTask.Client;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Tests.Administration;

/// <summary>Rule 10 end to end: the in-process Durable host runs the activation the voice-services route starts, on Azurite.</summary>
public sealed class VoiceServiceAllocationTests : IAsyncLifetime
{
    private ActivationHarness _harness = null!;

    private TestApp App => _harness.App;

    private Api Api => _harness.Api;

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync();
        await Api.SeedAsync(count: 6);
        Assert.Equal(201, (await Api.PutOccupierAsync(Api.Site, "globex", """{"name":"Globex","voiceServices":0}""")).Status);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Adding_a_voice_service_activates_the_lowest_available_number_skipping_locked_and_main_numbers()
    {
        await App.LockAsync(Api.Number(0), """{"reason":"RAN"}""");
        await App.NominateMainNumberAsync(Api.Number(1));

        var answer = await App.PutVoiceServicesAsync(_harness.Client, "acme", """{"voiceServices":3,"mainNumberService":false}""");

        Assert.Equal(202, answer.Status);
        Assert.Equal(Api.Number(2), answer.Json["allocatedNumber"]!.GetValue<string>());
        Assert.Equal(3, answer.Json["voiceServices"]!.GetValue<int>());
        Assert.Equal(1, answer.Json["voiceServicesInUse"]!.GetValue<int>());
        var operationId = ActivationHarness.OperationIdOf(answer);
        Assert.Equal(operationId, answer.Json["operationId"]!.GetValue<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _harness.WaitForOperationAsync(operationId)).RuntimeStatus);
        var active = (await Api.ListAsync(Api.Site, "?occupierId=acme&status=ACTIVE")).Json["items"]!.AsArray();
        Assert.Equal(Api.Number(2), Assert.Single(active)!["number"]!.GetValue<string>());
        Assert.Equal(["provisioned", "allocated", "activation-started", "activated"], await App.ChangesAsync(Api.Number(2)));
    }

    [Fact]
    public async Task A_main_number_service_gets_the_nominated_main_number()
    {
        await App.NominateMainNumberAsync(Api.Number(4));

        var answer = await App.PutVoiceServicesAsync(_harness.Client, "globex", """{"voiceServices":1,"mainNumberService":true}""");

        Assert.Equal(202, answer.Status);
        Assert.Equal(Api.Number(4), answer.Json["allocatedNumber"]!.GetValue<string>());
        Assert.Equal(Api.Number(4), answer.Json["mainNumber"]!.GetValue<string>());
        await _harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(answer));
        var number = await Api.GetAsync(Api.Site, Api.Number(4));
        Assert.Equal(("ACTIVE", "globex", true), (number.Json["status"]!.GetValue<string>(),
            number.Json["allocatedTo"]!["occupierId"]!.GetValue<string>(), number.Json["isMainNumber"]!.GetValue<bool>()));
        Assert.Equal(Api.Number(4), (await _harness.OrganizationAsync("globex"))!.MainNumber);
    }

    [Fact]
    public async Task Without_a_nominated_main_number_the_site_setting_decides_whether_one_is_nominated()
    {
        var refused = await App.PutVoiceServicesAsync(_harness.Client, "globex", """{"voiceServices":1,"mainNumberService":true}""");
        Assert.Equal((409, "no-main-number-available"), (refused.Status, refused.ProblemCode));
        Assert.Equal(0, (await _harness.OrganizationAsync("globex"))!.VoiceServices);

        await Api.PutSettingsAsync(Api.Site, """{"autoNominateMainNumber":true}""");
        var answer = await App.PutVoiceServicesAsync(_harness.Client, "globex", """{"voiceServices":1,"mainNumberService":true}""");

        Assert.Equal(202, answer.Status);
        Assert.Equal(Api.Number(0), answer.Json["mainNumber"]!.GetValue<string>());
        Assert.Equal(["provisioned", "main-number-nominated", "allocated", "activation-started"], (await App.ChangesAsync(Api.Number(0))).Take(4));
    }

    [Fact]
    public async Task Two_concurrent_voice_service_updates_never_pick_the_same_number()
    {
        var answers = await Task.WhenAll(
            App.PutVoiceServicesAsync(_harness.Client, "acme", """{"voiceServices":3}"""),
            App.PutVoiceServicesAsync(_harness.Client, "globex", """{"voiceServices":1}"""));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        var numbers = answers.Select(a => a.Json["allocatedNumber"]!.GetValue<string>()).ToList();
        Assert.Equal([Api.Number(0), Api.Number(1)], numbers.Order());
        foreach (var answer in answers)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(answer))).RuntimeStatus);
        }

        Assert.Single((await Api.ListAsync(Api.Site, "?occupierId=acme&status=ACTIVE")).Json["items"]!.AsArray());
        Assert.Single((await Api.ListAsync(Api.Site, "?occupierId=globex&status=ACTIVE")).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task With_no_available_number_the_change_is_refused_and_nothing_changes()
    {
        for (var i = 0; i < 6; i++)
        {
            await Api.AllocateAsync(Api.Site, Api.Number(i), """{"allocateTo":"operator"}""");
        }

        var before = await App.ChangesAsync(Api.Number(0));

        var answer = await App.PutVoiceServicesAsync(_harness.Client, "acme", """{"voiceServices":5,"mainNumberService":true}""");

        Assert.Equal((409, "no-number-available"), (answer.Status, answer.ProblemCode));
        var acme = (await _harness.OrganizationAsync("acme"))!;
        Assert.Equal((2, false, 0), (acme.VoiceServices, acme.MainNumberService, acme.VoiceServicesInUse));
        Assert.Equal(before, await App.ChangesAsync(Api.Number(0)));
    }

    [Fact]
    public async Task Reducing_voice_services_below_those_in_use_is_refused_naming_how_many_to_deactivate()
    {
        await _harness.ActivateToEndAsync(Api.Number(0));
        await _harness.ActivateToEndAsync(Api.Number(1));

        var answer = await App.PutVoiceServicesAsync(_harness.Client, "acme", """{"voiceServices":1}""");

        Assert.Equal((409, "voice-services-in-use"), (answer.Status, answer.ProblemCode));
        Assert.Contains("deactivate 1", answer.Json["detail"]!.GetValue<string>());
        Assert.Equal(2, (await _harness.OrganizationAsync("acme"))!.VoiceServices);
        var reduced = await App.PutVoiceServicesAsync(_harness.Client, "acme", """{"voiceServices":2}""");
        Assert.Equal(200, reduced.Status);
        Assert.Null(reduced.Json["allocatedNumber"]);
    }

    [Fact]
    public async Task An_organization_holding_a_reserved_number_only_gets_the_entitlement()
    {
        await Api.AllocateAsync(Api.Site, Api.Number(3), """{"allocateTo":"occupier","occupierId":"acme"}""");

        var answer = await App.PutVoiceServicesAsync(_harness.Client, "acme", """{"voiceServices":3}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal(3, answer.Json["voiceServices"]!.GetValue<int>());
        Assert.Null(answer.Json["operationId"]);
        Assert.Single((await Api.ListAsync(Api.Site, "?occupierId=acme")).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task The_operator_gets_voice_services_without_an_existing_row_and_an_unknown_occupier_is_not_found()
    {
        var answer = await App.PutVoiceServicesAsync(_harness.Client, "operator", """{"voiceServices":1}""");

        Assert.Equal(202, answer.Status);
        Assert.Equal("operator", answer.Json["organizationId"]!.GetValue<string>());
        await _harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(answer));
        Assert.Single((await Api.ListAsync(Api.Site, "?allocation=operator&status=ACTIVE")).Json["items"]!.AsArray());
        var unknown = await App.PutVoiceServicesAsync(_harness.Client, "initech", """{"voiceServices":1}""");
        Assert.Equal((404, "occupier-not-found"), (unknown.Status, unknown.ProblemCode));
        Assert.Equal(400, (await App.PutVoiceServicesAsync(_harness.Client, "acme", """{"mainNumberService":true}""")).Status);
    }
}
