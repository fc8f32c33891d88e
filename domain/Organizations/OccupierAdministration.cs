using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Organizations;

/// <summary>Platform administration of a site's occupiers.</summary>
public sealed class OccupierAdministration(IOrganizationStore organizations, ISiteStore sites)
{
    /// <summary>Creates the occupier, or renames it and (when given) sets its voice services.</summary>
    /// <returns>The occupier, and whether it was created.</returns>
    public async Task<Result<(Organization Occupier, bool Created)>> PutAsync(
        string siteId, string occupierId, string? name, int? voiceServices, CancellationToken cancellationToken)
    {
        if ((Ids.Check(siteId, "site") ?? Ids.Check(occupierId, "occupier")) is { } invalidId)
        {
            return invalidId;
        }

        // Checked before the site is looked up: a malformed request is refused as such wherever it is sent.
        var created = Organization.Occupier(siteId, occupierId, name, voiceServices ?? 0);
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        if (await sites.FindAsync(siteId, cancellationToken) is null)
        {
            return Errors.SiteNotFound(siteId);
        }

        return await ConcurrencyBackOff.RunAsync<(Organization, bool)>(occupierId, async () =>
        {
            var occupier = await organizations.FindAsync(siteId, occupierId, cancellationToken);
            if (occupier is null)
            {
                return await organizations.TrySaveAsync(created.Value, cancellationToken) ? (created.Value, true) : null;
            }

            var changed = occupier.Rename(name);
            if (changed.IsSuccess && voiceServices is { } entitlement)
            {
                changed = occupier.SetVoiceServices(entitlement);
            }

            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            return await organizations.TrySaveAsync(occupier, cancellationToken) ? (occupier, false) : null;
        }, cancellationToken);
    }
}
