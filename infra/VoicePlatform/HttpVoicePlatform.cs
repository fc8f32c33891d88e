using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Telephony.Domain.Activation;

namespace Telephony.Infrastructure.VoicePlatform;

// Transient failures (time-outs, 408, 429, 5xx) are retried by the resilience pipeline; other 4xx are permanent.
public sealed class HttpVoicePlatform(HttpClient http, IOptions<VoicePlatformOptions> options, ILogger<HttpVoicePlatform> logger) : IVoicePlatform
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    internal const int LoggedBodyLength = 2000;

    private const int ReasonPhraseLength = 60;

    public Task PutIntoServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, request, "service", "put-into-service",
            JsonContent.Create(new { siteId = request.SiteId, number = request.Number, operationId = request.OperationId }), cancellationToken);

    public Task RemoveCustomConfigurationAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, request, "configuration", "remove-configuration", null, cancellationToken);

    public Task ResetPinAsync(VoicePlatformRequest request, string defaultPin, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, request, "voicemail-pin", "reset-pin", JsonContent.Create(new { pin = defaultPin }), cancellationToken, defaultPin);

    public Task TakeOutOfServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, request, "service", "take-out-of-service", null, cancellationToken);

    public Task ApplyConfigurationAsync(VoicePlatformRequest request, NumberConfiguration configuration, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, request, "configuration", "configure",
            JsonContent.Create(new { forwardTo = configuration.ForwardTo, callerIdName = configuration.CallerIdName, voicemailEnabled = configuration.VoicemailEnabled }),
            cancellationToken);

    public Task SetPinAsync(VoicePlatformRequest request, string pin, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, request, "voicemail-pin", "set-pin", JsonContent.Create(new { pin }), cancellationToken, pin);

    private async Task SendAsync(
        HttpMethod method, VoicePlatformRequest request, string resource, string step, HttpContent? content, CancellationToken cancellationToken,
        string? secret = null)
    {
        using var message = new HttpRequestMessage(method, $"numbers/{Uri.EscapeDataString(request.Number)}/{resource}") { Content = content };
        message.Headers.Add(IdempotencyKeyHeader, $"{request.OperationId}:{step}");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
                                       || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new VoicePlatformException($"The voice platform did not answer ({e.GetType().Name}).", isTransient: true, e);
        }

        using (response)
        {
            // Removing what is already gone is done.
            if (response.IsSuccessStatusCode || (method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound))
            {
                return;
            }

            var status = (int)response.StatusCode;
            var transient = status is 408 or 429 or >= 500;
            // The platform's own text goes only to the log (redacted, bounded), never into the failure an operator sees.
            var body = await ReadBodyAsync(response, cancellationToken);
            logger.LogWarning("The voice platform answered {Status} to {Step} of {OperationId}: {ResponseBody}",
                status, step, request.OperationId, Redact(body, secret, options.Value.ApiKey));
            throw new VoicePlatformException($"HTTP {status} {Summarize(response.ReasonPhrase)}".TrimEnd(), transient);
        }
    }

    internal static string Summarize(string? reasonPhrase)
    {
        var printable = new string((reasonPhrase ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return printable.Length > ReasonPhraseLength ? printable[..ReasonPhraseLength] + "…" : printable;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        return body.Length > LoggedBodyLength ? body[..LoggedBodyLength] + "…" : body;
    }

    // A platform may echo what it was sent: the PIN and the API key never reach a log.
    private static string Redact(string body, params string?[] secrets) =>
        secrets.Where(s => !string.IsNullOrEmpty(s)).Aggregate(body, (text, s) => text.Replace(s!, "[redacted]", StringComparison.Ordinal));
}
