using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

// An omitted field stays unchanged.
public sealed record SiteSettingsRequest(
    int? CoolingOffDays, string? DefaultRegion, bool? AutoNominateMainNumber, string? Name = null, string? OperatorName = null);

public sealed class SiteSettingsAdministration(ISiteStore sites, ISiteRegistry registry, TelephonyOptions defaults)
{
    public const int MaxCoolingOffDays = 3650;

    public const int MaxNameLength = 100;

    public async Task<Result<(SiteView Site, bool Created)>> PutAsync(string siteId, SiteSettingsRequest request, CancellationToken cancellationToken)
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

        var name = request.Name?.Trim();
        var operatorName = request.OperatorName?.Trim();
        if ((RefuseName(name, "name") ?? RefuseName(operatorName, "operatorName")) is { } badName)
        {
            return badName;
        }

        return await ConcurrencyBackOff.RunAsync<(SiteView, bool)>(siteId, async () =>
        {
            var site = await sites.FindAsync(siteId, cancellationToken);
            var created = site is null;
            site ??= new Site(siteId);
            site.Name = name ?? site.Name;
            site.OperatorName = operatorName ?? site.OperatorName;
            site.CoolingOffDays = request.CoolingOffDays ?? site.CoolingOffDays;
            site.DefaultRegion = request.DefaultRegion?.ToUpperInvariant() ?? site.DefaultRegion;
            site.AutoNominateMainNumber = request.AutoNominateMainNumber ?? site.AutoNominateMainNumber;
            if (!await sites.TrySaveAsync(site, cancellationToken))
            {
                return null;
            }

            // Every save, not only the first: a save whose registration was lost repairs it, and the registry's name follows.
            await registry.RegisterAsync(siteId, site.Name, cancellationToken);
            return (SiteView.Of(site, defaults), created);
        }, cancellationToken);
    }

    private static DomainError? RefuseName(string? name, string field) =>
        name is not null && (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
            ? Errors.InvalidRequest($"{field} must be 1 to {MaxNameLength} characters, with no control characters.")
            : null;
}
