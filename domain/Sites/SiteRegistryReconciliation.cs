using Microsoft.Extensions.Logging;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

/// <summary>
/// Registers every known site the registry lacks (sites known before it existed, or whose registration a crash lost)
/// and recounts each site's numbers, repairing a count a crash left off by a change it never added, and a name a crash
/// left behind its settings. It reads every site's number keys, so it runs rarely.
/// </summary>
public sealed class SiteRegistryReconciliation(
    ISiteDirectory sites, ISiteStore settings, IPhoneNumberStore numbers, ISiteRegistry registry, ILogger<SiteRegistryReconciliation> logger)
{
    /// <returns>How many sites were registered or had their count corrected.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        int checkedSites = 0, corrected = 0;
        await foreach (var siteId in sites.SiteIdsAsync(cancellationToken))
        {
            checkedSites++;
            if (await registry.RecountAsync(siteId, async ct => (await numbers.NumbersAsync(siteId, ct)).Count, cancellationToken))
            {
                corrected++;
                logger.LogWarning("Site registry: registered {SiteId} or corrected its number count", siteId);
            }

            var site = await settings.FindAsync(siteId, cancellationToken);
            await registry.RegisterAsync(siteId, site?.Name, cancellationToken);
        }

        logger.LogInformation("Site registry reconciliation: {Checked} sites checked, {Corrected} corrected", checkedSites, corrected);
        return corrected;
    }
}
