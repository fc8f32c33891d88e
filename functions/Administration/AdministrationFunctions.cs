using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Organizations;
using Telephony.Domain.Provisioning;
using Telephony.Domain.Sites;
using Telephony.Functions.Http;
using Telephony.Infrastructure.Csv;

namespace Telephony.Functions.Administration;

/// <summary>Platform administration: provisioning numbers into sites, occupiers, site settings.</summary>
public sealed class AdministrationFunctions(NumberProvisioning provisioning, OccupierAdministration occupiers, SiteSettingsAdministration siteSettings)
{
    [Function(nameof(ImportPhoneNumbers))]
    public async Task<IActionResult> ImportPhoneNumbers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "platform/sites/{siteId}/phone-numbers/import")] HttpRequest request,
        string siteId, CancellationToken cancellationToken)
    {
        var text = await request.ReadTextAsync(MediaTypes.Csv, RequestReading.MaxCsvBodyBytes, cancellationToken);
        if (!text.IsSuccess)
        {
            return Problems.For(text.Error!, request);
        }

        using var reader = new StringReader(text.Value);
        var rows = await ProvisioningCsv.ReadAsync(reader, cancellationToken);
        if (!rows.IsSuccess)
        {
            return Problems.For(rows.Error!, request);
        }

        var report = await provisioning.ImportAsync(siteId, rows.Value, cancellationToken);
        return report.Answer(request, r => new JsonBodyResult(new ImportResponse(
            r.Created, r.Existing, r.Invalid,
            r.Rows.Select(row => new ImportRowResponse(row.Row, row.Number, row.Outcome.ToString().ToLowerInvariant(), row.Reason)).ToList())));
    }

    [Function(nameof(PutOccupier))]
    public async Task<IActionResult> PutOccupier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "platform/sites/{siteId}/occupiers/{occupierId}")] HttpRequest request,
        string siteId, string occupierId, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<OccupierRequest>(cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.For(body.Error!, request);
        }

        var saved = await occupiers.PutAsync(siteId, occupierId, body.Value, cancellationToken);
        return saved.Answer(request, s => new JsonBodyResult(
            new OccupierResponse(s.Occupier.OrganizationId, s.Occupier.Name!, s.Occupier.VoiceServices, s.Occupier.VoiceServicesInUse, s.Occupier.MainNumber),
            s.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK));
    }

    [Function(nameof(PutSiteSettings))]
    public async Task<IActionResult> PutSiteSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "platform/sites/{siteId}/settings")] HttpRequest request,
        string siteId, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<SiteSettingsRequest>(cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.For(body.Error!, request);
        }

        var saved = await siteSettings.PutAsync(siteId, body.Value, cancellationToken);
        return saved.Answer(request, s => new JsonBodyResult(s.Site, s.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK));
    }
}

public sealed record ImportResponse(int Created, int Existing, int Invalid, IReadOnlyList<ImportRowResponse> Rows);

public sealed record ImportRowResponse(int Row, string? Number, string Outcome, string? Reason);

public sealed record OccupierResponse(string OccupierId, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber);
