using Microsoft.Extensions.Logging;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.CoolingOff;

/// <summary>
/// Puts back any index entry a COOLDOWN number lacks (a write lost to a crash or an outage), so the release run, which
/// reads only the index, still releases it. It scans every site's COOLDOWN numbers, so it runs rarely.
/// </summary>
public sealed class CoolingOffReconciliation(
    ISiteDirectory sites, IPhoneNumberStore numbers, ICoolingOffIndex index, ILogger<CoolingOffReconciliation> logger)
{
    private static readonly PhoneNumberFilter CoolingOff = new() { Statuses = new HashSet<PhoneNumberStatus> { PhoneNumberStatus.Cooldown } };

    /// <returns>How many missing entries were repaired.</returns>
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
