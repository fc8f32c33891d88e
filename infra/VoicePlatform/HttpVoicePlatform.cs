using System.Net;
using System.Net.Http.Json;
using Polly.Timeout;
using Telephony.Domain.Activation;

namespace Telephony.Infrastructure.VoicePlatform;

/// <summary>
/// The voice platform's HTTP API. Transient failures (time-outs, 408, 429, 5xx) are retried by the client's
/// resilience pipeline and, if they last, surface as transient; any other refusal (4xx) is permanent.
/// Every request carries an idempotency key made of the operation and the step.
/// </summary>
public sealed class HttpVoicePlatform(HttpClient http) : IVoicePlatform
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public Task PutIntoServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, request, "service", "put-into-service",
            JsonContent.Create(new { siteId = request.SiteId, number = request.Number, operationId = request.OperationId }), cancellationToken);

    public Task RemoveCustomConfigurationAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, request, "configuration", "remove-configuration", null, cancellationToken);

    public Task ResetPinAsync(VoicePlatformRequest request, string defaultPin, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, request, "voicemail-pin", "reset-pin", JsonContent.Create(new { pin = defaultPin }), cancellationToken);

    public Task TakeOutOfServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, request, "service", "take-out-of-service", null, cancellationToken);

    private async Task SendAsync(HttpMethod method, VoicePlatformRequest request, string resource, string step, HttpContent? content, CancellationToken cancellationToken)
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
            var detail = await ReadDetailAsync(response, cancellationToken);
            throw new VoicePlatformException($"HTTP {status} {response.ReasonPhrase}{detail}", transient);
        }
    }

    private static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        return body.Length == 0 ? "" : ": " + (body.Length > 200 ? body[..200] + "…" : body);
    }
}
