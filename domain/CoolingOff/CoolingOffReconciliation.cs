using Microsoft.Extensions.Logging;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.CoolingOff;

// Puts back index entries lost to a crash or outage, since the release run reads only the index. Scans every site's
// COOLDOWN numbers, so it runs rarely.
public sealed class CoolingOffReconciliation(
    ISiteDirectory sites, IPhoneNumberStore numbers, ICoolingOffIndex index, ILogger<CoolingOffReconciliation> logger)
{
    private static readonly PhoneNumberFilter CoolingOff = new() { Statuses = new HashSet<PhoneNumberStatus> { PhoneNumberStatus.Cooldown } };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        int checkedNumbers = 0, repaired = 0;
        await foreach (var siteId in sites.SiteIdsAsync(cancellationToken))
        {
            var missing = new List<CoolingOffEntry>();
            await foreach (var number in numbers.QueryAsync(siteId, CoolingOff, cancellationToken))
            {
                if (CoolingOffEntry.For(number) is not { } entry)
                {
                    continue;
                }

                checkedNumbers++;
                if (!await index.ContainsAsync(entry, cancellationToken))
                {
                    missing.Add(entry);
                }
            }

            if (missing.Count > 0)
            {
                await index.AddAsync(missing, cancellationToken);
                repaired += missing.Count;
                logger.LogWarning("Repaired {Repaired} missing cooling-off index entries at {SiteId}", missing.Count, siteId);
            }
        }

        logger.LogInformation("Cooling-off reconciliation: {Checked} COOLDOWN numbers checked, {Repaired} index entries repaired", checkedNumbers, repaired);
        return repaired;
    }
}
