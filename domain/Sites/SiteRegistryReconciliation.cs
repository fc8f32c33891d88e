using Microsoft.Extensions.Logging;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

// Repairs what a crash left: a missing registration, a count or a name behind. Reads every number key, so it runs rarely.
public sealed class SiteRegistryReconciliation(
    ISiteDirectory sites, ISiteStore settings, IPhoneNumberStore numbers, ISiteRegistry registry, ILogger<SiteRegistryReconciliation> logger)
{
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
