using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Organizations;

public sealed class OccupierAdministration(IOrganizationStore organizations, ISiteStore sites)
{
    public async Task<Result<(Organization Occupier, bool Created)>> PutAsync(
        string siteId, string occupierId, string? name, int? voiceServices, CancellationToken cancellationToken)
    {
        if ((Ids.Check(siteId, "site") ?? Ids.Check(occupierId, "occupier")) is { } invalidId)
        {
            return invalidId;
        }

        // Checked before the site lookup: a malformed request is refused as such.
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
