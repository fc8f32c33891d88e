using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Telephony.Web.Numbers;

namespace Telephony.Web.Api;

// Commands send If-Match and a fresh Idempotency-Key; refusals throw ApiException (with the number on 412).
public sealed class TelephonyApi(HttpClient http)
{
    public const int PageSize = 50;

    private static readonly JsonSerializerOptions Json = TelephonyJson.WithReflectionFallback;

    public Task<Me> MeAsync(CancellationToken cancellationToken = default) => GetAsync<Me>("api/me", cancellationToken);

    public Task<Page<SiteSummary>> SitesAsync(CancellationToken cancellationToken = default) => GetAsync<Page<SiteSummary>>("api/sites", cancellationToken);

    public Task<SiteSettings> SiteAsync(string siteId, CancellationToken cancellationToken = default) =>
        GetAsync<SiteSettings>($"api/sites/{Esc(siteId)}", cancellationToken);

    public Task<Page<PhoneNumber>> NumbersAsync(string siteId, NumberFilter filter, string? continuationToken, CancellationToken cancellationToken = default, int pageSize = PageSize)
    {
        var query = filter.ToQuery();
        query += (query.Length == 0 ? "" : "&") + $"pageSize={pageSize}" + TokenQuery(continuationToken);
        return GetAsync<Page<PhoneNumber>>($"api/sites/{Esc(siteId)}/phone-numbers?{query}", cancellationToken);
    }

    public Task<Overview> OverviewAsync(string siteId, CancellationToken cancellationToken = default) =>
        GetAsync<Overview>($"api/sites/{Esc(siteId)}/overview", cancellationToken);

    // A refused number never blocks the others.
    public async Task<BulkResponse> BulkAsync(string siteId, IReadOnlyList<BulkOperation> operations, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sites/{Esc(siteId)}/phone-numbers/bulk")
        {
            Content = JsonContent.Create(new BulkRequest(operations), options: Json),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<BulkResponse>(response, cancellationToken);
    }

    public Task<Facets> FacetsAsync(string siteId, CancellationToken cancellationToken = default) =>
        GetAsync<Facets>($"api/sites/{Esc(siteId)}/phone-numbers/facets", cancellationToken);

    // The browser downloads it with its sign-in cookie.
    public static string ExportUrl(string siteId, NumberFilter filter)
    {
        var query = filter.ToQuery();
        return $"api/sites/{Esc(siteId)}/phone-numbers/export" + (query.Length == 0 ? "" : "?" + query);
    }

    public async Task<PhoneNumber> NumberAsync(string siteId, string number, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(NumberPath(siteId, number), cancellationToken);
        return await NumberFromAsync(response, cancellationToken);
    }

    public Task<OrganizationList> OrganizationsAsync(string siteId, CancellationToken cancellationToken = default) =>
        GetAsync<OrganizationList>($"api/sites/{Esc(siteId)}/organizations", cancellationToken);

    // The same shape as an organization of the overview.
    public Task<OrganizationOverview> OrganizationAsync(string siteId, string organizationId, CancellationToken cancellationToken = default) =>
        GetAsync<OrganizationOverview>($"api/sites/{Esc(siteId)}/organizations/{Esc(organizationId)}", cancellationToken);

    public Task<Page<NumberEvent>> HistoryAsync(string siteId, string number, CancellationToken cancellationToken = default) =>
        GetAsync<Page<NumberEvent>>($"{NumberPath(siteId, number)}/history", cancellationToken);

    // Newest first.
    public Task<Page<ActivityEvent>> ActivityAsync(string siteId, string? continuationToken, CancellationToken cancellationToken = default) =>
        GetAsync<Page<ActivityEvent>>($"api/sites/{Esc(siteId)}/activity?pageSize={PageSize}" + TokenQuery(continuationToken), cancellationToken);

    public Task<Operation> OperationAsync(string operationId, CancellationToken cancellationToken = default) =>
        GetAsync<Operation>($"api/operations/{Esc(operationId)}", cancellationToken);

    public Task<NumberConfiguration> ConfigurationAsync(string siteId, string number, CancellationToken cancellationToken = default) =>
        GetAsync<NumberConfiguration>($"{NumberPath(siteId, number)}/configuration", cancellationToken);

    public Task PutConfigurationAsync(string siteId, string number, NumberConfiguration configuration, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{NumberPath(siteId, number)}/configuration", configuration, cancellationToken);

    public Task PutPinAsync(string siteId, string number, string pin, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{NumberPath(siteId, number)}/pin", new PinRequest(pin), cancellationToken);

    public Task<PhoneNumber> AllocateToOperatorAsync(PhoneNumber number, string siteId, CancellationToken cancellationToken = default) =>
        CommandAsync(siteId, number, "allocate", new AllocateRequest("operator", null), cancellationToken);

    public Task<PhoneNumber> AllocateToOccupierAsync(PhoneNumber number, string siteId, string occupierId, CancellationToken cancellationToken = default) =>
        CommandAsync(siteId, number, "allocate", new AllocateRequest("occupier", occupierId), cancellationToken);

    public Task<PhoneNumber> AssignAsync(PhoneNumber number, string siteId, string userId, string displayName, CancellationToken cancellationToken = default) =>
        CommandAsync(siteId, number, "assign", new AssignRequest(userId, displayName), cancellationToken);

    public Task<PhoneNumber> CommandAsync(PhoneNumber number, string siteId, NumberAction action, CancellationToken cancellationToken = default) =>
        CommandAsync(siteId, number, action.Wire(), null, cancellationToken);


    // Parts of 1,000 rows keep each request under Static Web Apps' 45 s.
    public async Task<ImportResult> ImportAsync(string siteId, string csv, CancellationToken cancellationToken = default)
    {
        var answered = new List<(ImportChunks.Part, ImportResult)>();
        foreach (var part in ImportChunks.Split(csv))
        {
            answered.Add((part, await ImportPartAsync(siteId, part.Csv, cancellationToken)));
        }

        return ImportChunks.Merge(answered);
    }

    private async Task<ImportResult> ImportPartAsync(string siteId, string csv, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/platform/sites/{Esc(siteId)}/phone-numbers/import")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<ImportResult>(response, cancellationToken);
    }

    public Task PutOccupierAsync(string siteId, string occupierId, string name, int voiceServices, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"api/platform/sites/{Esc(siteId)}/occupiers/{Esc(occupierId)}", new OccupierRequest(name, voiceServices), cancellationToken);

    public Task PutVoiceServicesAsync(string siteId, string organizationId, int voiceServices, bool mainNumberService, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"api/sites/{Esc(siteId)}/organizations/{Esc(organizationId)}/voice-services", new VoiceServicesRequest(voiceServices, mainNumberService), cancellationToken);

    public Task PutSettingsAsync(string siteId, SiteSettingsRequest settings, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"api/platform/sites/{Esc(siteId)}/settings", settings, cancellationToken);

    public Task LockAsync(string siteId, string number, string reason, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{PlatformNumberPath(siteId, number)}/lock", new LockRequest(reason), cancellationToken);

    public Task UnlockAsync(string siteId, string number, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{PlatformNumberPath(siteId, number)}/lock", null, cancellationToken);

    public Task NominateMainNumberAsync(string siteId, string number, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{PlatformNumberPath(siteId, number)}/main-number", null, cancellationToken);

    public Task WithdrawMainNumberAsync(string siteId, string number, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{PlatformNumberPath(siteId, number)}/main-number", null, cancellationToken);

    public Task SetCoolingOffAsync(string siteId, string number, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{PlatformNumberPath(siteId, number)}/cooling-off", new CoolingOffRequest(until), cancellationToken);

    public Task LiftCoolingOffAsync(string siteId, string number, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{PlatformNumberPath(siteId, number)}/cooling-off", null, cancellationToken);

    public Task RemoveAsync(string siteId, string number, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PlatformNumberPath(siteId, number), null, cancellationToken);

    private async Task<PhoneNumber> CommandAsync(string siteId, PhoneNumber number, string action, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{NumberPath(siteId, number.Number)}/{action}");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        // Repeats answer from the first; a stale ETag is refused.
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (number.ETag is { } etag)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            var problem = await ProblemAsync(response, cancellationToken);
            throw new ApiException(problem, await NumberAsync(siteId, number.Number, cancellationToken));
        }

        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            // 202 with the operation; the number shows it pending.
            return await NumberAsync(siteId, number.Number, cancellationToken);
        }

        return await NumberFromAsync(response, cancellationToken);
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException(await ProblemAsync(response, cancellationToken));
        }
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private static async Task<PhoneNumber> NumberFromAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await ReadAsync<PhoneNumber>(response, cancellationToken) with { ETag = response.Headers.ETag?.ToString() };

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException(await ProblemAsync(response, cancellationToken));
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new ApiException(new Problem("The service sent an empty answer.", null, (int)response.StatusCode, null));
    }

    // Non-problem answers (a proxy's page) give the status in words.
    private static async Task<Problem> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                if (await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken) is { } problem)
                {
                    return problem with { Status = status };
                }
            }
            catch (JsonException)
            {
            }
        }

        return new Problem(response.ReasonPhrase ?? $"The service answered {status}.", null, status, null);
    }

    private static string NumberPath(string siteId, string number) => $"api/sites/{Esc(siteId)}/phone-numbers/{Esc(number)}";

    private static string PlatformNumberPath(string siteId, string number) => $"api/platform/sites/{Esc(siteId)}/phone-numbers/{Esc(number)}";

    private static string TokenQuery(string? continuationToken) =>
        continuationToken is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuationToken);

    private static string Esc(string value) => Uri.EscapeDataString(value);
}
