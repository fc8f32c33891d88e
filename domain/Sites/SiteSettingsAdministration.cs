using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

/// <summary>The body of <c>PUT /api/platform/sites/{siteId}/settings</c>; an omitted field stays unchanged.</summary>
public sealed record SiteSettingsRequest(int? CoolingOffDays, string? DefaultRegion, bool? AutoNominateMainNumber);

/// <summary>Platform administration of a site's settings. Saving settings makes a site known.</summary>
public sealed class SiteSettingsAdministration(ISiteStore sites, ISiteRegistry registry)
{
    public const int MaxCoolingOffDays = 3650;

    public async Task<Result<(Site Site, bool Created)>> PutAsync(string siteId, SiteSettingsRequest request, CancellationToken cancellationToken)
    {
        if (Ids.Check(siteId, "site") is { } invalid)
        {
            return invalid;
        }

        if (request.CoolingOffDays is < 0 or > MaxCoolingOffDays)
        {
            return Errors.InvalidRequest($"coolingOffDays must be between 0 and {MaxCoolingOffDays}.");
        }

        if (request.DefaultRegion is not null && !E164.IsSupportedRegion(request.DefaultRegion))
        {
            return Errors.InvalidRequest("defaultRegion must be an ISO 3166-1 alpha-2 region code such as GB.");
        }

        return await ConcurrencyBackOff.RunAsync<(Site, bool)>(siteId, async () =>
        {
            var site = await sites.FindAsync(siteId, cancellationToken);
            var created = site is null;
            site ??= new Site(siteId);
            site.CoolingOffDays = request.CoolingOffDays ?? site.CoolingOffDays;
            site.DefaultRegion = request.DefaultRegion?.ToUpperInvariant() ?? site.DefaultRegion;
            site.AutoNominateMainNumber = request.AutoNominateMainNumber ?? site.AutoNominateMainNumber;
            if (!await sites.TrySaveAsync(site, cancellationToken))
            {
                return null;
            }

            // Every save, not only the first: a save whose registration was lost (the process stopped) repairs it.
            await registry.RegisterAsync(siteId, cancellationToken);
            return (site, created);
        }, cancellationToken);
    }
}
