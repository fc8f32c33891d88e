using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Activation;
using Telephony.Functions.Http;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Activation;

public sealed class ConfigurationFunctions(NumberConfigurationCommands configurations)
{
    private const string NumberRoute = "sites/{siteId}/phone-numbers/{number}";

    [Function(nameof(GetNumberConfiguration))]
    public async Task<IActionResult> GetNumberConfiguration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = NumberRoute + "/configuration")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var found = await configurations.GetAsync(siteId, number, cancellationToken);
        return found.Answer(request, c => new JsonBodyResult(ConfigurationResponse.From(c)));
    }

    [Function(nameof(PutNumberConfiguration))]
    public async Task<IActionResult> PutNumberConfiguration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = NumberRoute + "/configuration")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<ConfigurationRequest>(cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.For(body.Error!, request);
        }

        var saved = await TelephonyTelemetry.CommandAsync("configure", siteId, number, () =>
            configurations.PutAsync(siteId, number, body.Value.ForwardTo, body.Value.CallerIdName, body.Value.VoicemailEnabled, cancellationToken));
        return saved.Answer(request, c => new JsonBodyResult(ConfigurationResponse.From(c)));
    }

    [Function(nameof(PutVoicemailPin))]
    public async Task<IActionResult> PutVoicemailPin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = NumberRoute + "/pin")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<PinRequest>(cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.For(body.Error!, request);
        }

        var set = await TelephonyTelemetry.CommandAsync("set-pin", siteId, number, () =>
            configurations.SetPinAsync(siteId, number, body.Value.Pin, cancellationToken));
        return set.Answer(request, _ => new NoContent());
    }
}

public sealed record ConfigurationRequest(string? ForwardTo, string? CallerIdName, bool? VoicemailEnabled);

public sealed record PinRequest(string? Pin);

// Never the PIN.
public sealed record ConfigurationResponse(string? ForwardTo, string? CallerIdName, bool VoicemailEnabled)
{
    public static ConfigurationResponse From(NumberConfiguration c) => new(c.ForwardTo, c.CallerIdName, c.VoicemailEnabled);
}

// Needs nothing from MVC's services.
internal sealed class NoContent : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
