using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Organizations;

/// <summary>The body of <c>PUT /api/platform/sites/{siteId}/occupiers/{occupierId}</c>.</summary>
public sealed record OccupierRequest(string? Name, int? VoiceServices);

/// <summary>Platform administration of a site's occupiers.</summary>
public sealed class OccupierAdministration(IOrganizationStore organizations, ISiteStore sites)
{
    public const int MaxNameLength = 200;
    public const int MaxVoiceServices = 10_000;

    /// <returns>The occupier, and whether it was created.</returns>
    public async Task<Result<(Organization Occupier, bool Created)>> PutAsync(
        string siteId, string occupierId, OccupierRequest request, CancellationToken cancellationToken)
    {
        if ((Ids.Check(siteId, "site") ?? Ids.Check(occupierId, "occupier")) is { } invalidId)
        {
            return invalidId;
        }

        if (occupierId == Allocation.OperatorId)
        {
            return Errors.InvalidRequest("'operator' is reserved for the site's operator and cannot be an occupier id.");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return Errors.InvalidRequest($"name is required, at most {MaxNameLength} characters.");
        }

        if (request.VoiceServices is < 0 or > MaxVoiceServices)
        {
            return Errors.InvalidRequest($"voiceServices must be between 0 and {MaxVoiceServices}.");
        }

        if (await sites.FindAsync(siteId, cancellationToken) is null)
        {
            return Errors.SiteNotFound(siteId);
        }

        return await ConcurrencyBackOff.RunAsync<(Organization, bool)>(occupierId, async () =>
        {
            var occupier = await organizations.FindAsync(siteId, occupierId, cancellationToken);
            var created = occupier is null;
            occupier ??= new Organization(siteId, occupierId, name);
            occupier.Rename(name);
            if (request.VoiceServices is { } voiceServices && occupier.SetVoiceServices(voiceServices) is { IsSuccess: false } refused)
            {
                return refused.Error!;
            }

            return await organizations.TrySaveAsync(occupier, cancellationToken) ? (occupier, created) : null;
        }, cancellationToken);
    }
}
