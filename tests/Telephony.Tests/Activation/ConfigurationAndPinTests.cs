using System.Text.Json.Nodes;
using Telephony.Domain.Activation;
using Telephony.Infrastructure.Activation;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

public sealed class ConfigurationAndPinTests : IAsyncLifetime
{
    private static readonly string Number = Api.Number(1);
    private ActivationHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync();
        await _harness.Api.SeedAsync();
        await _harness.ActivateToEndAsync(Number);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_number_without_custom_configuration_answers_the_defaults()
    {
        var answer = await _harness.GetConfigurationAsync(Api.Site, Number);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"forwardTo":null,"callerIdName":null,"voicemailEnabled":true}""", answer.Body);
    }

    [Fact]
    public async Task Saving_configuration_normalizes_the_forwarding_number_and_reads_back()
    {
        var saved = await _harness.PutConfigurationAsync(Api.Site, Number, """{"forwardTo":"020 7946 0000","callerIdName":"Acme reception","voicemailEnabled":false}""");

        Assert.Equal(200, saved.Status);
        var expected = JsonNode.Parse("""{"forwardTo":"+442079460000","callerIdName":"Acme reception","voicemailEnabled":false}""");
        Assert.True(JsonNode.DeepEquals(expected, saved.Json), saved.Body);
        Assert.True(JsonNode.DeepEquals(expected, (await _harness.GetConfigurationAsync(Api.Site, "442071234501")).Json));
    }

    [Theory]
    [InlineData("""{"forwardTo":"not a number","callerIdName":null,"voicemailEnabled":true}""", "forwardTo")]
    [InlineData("""{"forwardTo":null,"callerIdName":"123456789012345678901234567890123456789012345678901","voicemailEnabled":true}""", "callerIdName")]
    [InlineData("""{"forwardTo":null,"callerIdName":"bell\u0007","voicemailEnabled":true}""", "callerIdName")]
    [InlineData("""{"forwardTo":null,"callerIdName":null}""", "voicemailEnabled")]
    public async Task Invalid_configuration_is_refused_field_by_field(string json, string field)
    {
        var answer = await _harness.PutConfigurationAsync(Api.Site, Number, json);

        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid-request", answer.ProblemCode);
        Assert.NotNull(answer.Json["errors"]![field]);
        Assert.Equal("""{"forwardTo":null,"callerIdName":null,"voicemailEnabled":true}""", (await _harness.GetConfigurationAsync(Api.Site, Number)).Body);
    }

    [Fact]
    public async Task Unknown_configuration_fields_are_refused()
    {
        var answer = await _harness.PutConfigurationAsync(Api.Site, Number, """{"forwardTo":null,"callerIdName":null,"voicemailEnabled":true,"colour":"red"}""");

        Assert.Equal("invalid-request", answer.ProblemCode);
    }

    [Fact]
    public async Task A_pin_is_stored_hashed_and_never_returned()
    {
        var answer = await _harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""");

        Assert.Equal(204, answer.Status);
        Assert.Equal("", answer.Body);
        var row = await _harness.App.Table.GetEntityAsync<NumberConfigurationEntity>(Api.Site, "cfg|" + Number);
        Assert.DoesNotContain("739184", row.Value.PinHash);
        Assert.StartsWith("pbkdf2-sha256$", row.Value.PinHash);
        var stored = await _harness.App.Get<INumberConfigurationStore>().FindAsync(Api.Site, Number, default);
        Assert.True(stored!.PinIs("739184", ActivationHarness.DefaultPin));
        Assert.False(stored.PinIs(ActivationHarness.DefaultPin, ActivationHarness.DefaultPin));
        Assert.DoesNotContain("pin", (await _harness.GetConfigurationAsync(Api.Site, Number)).Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Setting_the_pin_keeps_the_configuration_and_saving_configuration_keeps_the_pin()
    {
        await _harness.PutConfigurationAsync(Api.Site, Number, """{"forwardTo":"+442079460000","callerIdName":null,"voicemailEnabled":true}""");
        await _harness.PutPinAsync(Api.Site, Number, """{"pin":"739184"}""");
        await _harness.PutConfigurationAsync(Api.Site, Number, """{"forwardTo":"+442079460001","callerIdName":null,"voicemailEnabled":true}""");

        var stored = await _harness.App.Get<INumberConfigurationStore>().FindAsync(Api.Site, Number, default);

        Assert.Equal("+442079460001", stored!.ForwardTo);
        Assert.True(stored.PinIs("739184", ActivationHarness.DefaultPin));
    }

    [Theory]
    [InlineData("""{"pin":"123"}""")]
    [InlineData("""{"pin":"123456789"}""")]
    [InlineData("""{"pin":"12a4"}""")]
    [InlineData("""{"pin":"1111"}""")]
    [InlineData("""{"pin":"000000"}""")]
    [InlineData("""{"pin":"1234"}""")]
    [InlineData("""{"pin":"98765"}""")]
    [InlineData("""{"pin":null}""")]
    [InlineData("""{"pin":739184}""")]
    [InlineData("""{}""")]
    public async Task Guessable_or_malformed_pins_are_refused(string json)
    {
        var answer = await _harness.PutPinAsync(Api.Site, Number, json);

        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid-request", answer.ProblemCode);
        Assert.Null(await _harness.App.Get<INumberConfigurationStore>().FindAsync(Api.Site, Number, default));
    }

    [Fact]
    public async Task Configuration_and_pin_change_only_while_the_number_is_active()
    {
        var reserved = Api.Number(2);
        await _harness.Api.AllocateAsync(Api.Site, reserved, """{"allocateTo":"operator"}""");

        var configuration = await _harness.PutConfigurationAsync(Api.Site, reserved, """{"forwardTo":null,"callerIdName":"x","voicemailEnabled":true}""");
        var pin = await _harness.PutPinAsync(Api.Site, reserved, """{"pin":"739184"}""");

        Assert.Equal(409, configuration.Status);
        Assert.Equal("not-active", configuration.ProblemCode);
        Assert.Equal("not-active", pin.ProblemCode);
    }

    [Fact]
    public async Task Configuration_of_an_unknown_number_or_site_is_not_found()
    {
        Assert.Equal("number-not-found", (await _harness.GetConfigurationAsync(Api.Site, "+442071239999")).ProblemCode);
        Assert.Equal("site-not-found", (await _harness.PutPinAsync("nowhere", Number, """{"pin":"739184"}""")).ProblemCode);
    }
}
