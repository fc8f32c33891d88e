namespace Telephony.Domain.CoolingOff;

/// <summary>
/// Where a cooling-off period ends, so the release run reads only the numbers that are due rather than every site's
/// inventory. The number stays the source of truth: an entry may be stale (the release run drops it) but is never
/// missing for long (an entry is written before the change that needs it, and reconciliation repairs the rest).
/// </summary>
public interface ICoolingOffIndex
{
    /// <summary>Adds the entries (idempotent: an entry already there stays as it is).</summary>
    Task AddAsync(IReadOnlyCollection<CoolingOffEntry> entries, CancellationToken cancellationToken);

    /// <summary>Removes the entries; removing one that is not there does nothing.</summary>
    Task RemoveAsync(IReadOnlyCollection<CoolingOffEntry> entries, CancellationToken cancellationToken);

    /// <summary>Every entry whose period ends at or before <paramref name="now"/>, earliest first.</summary>
    IAsyncEnumerable<CoolingOffEntry> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> ContainsAsync(CoolingOffEntry entry, CancellationToken cancellationToken);
}

/// <summary>The sites that are known, for the reconciliation that scans each one's COOLDOWN numbers.</summary>
public interface ISiteDirectory
{
    IAsyncEnumerable<string> SiteIdsAsync(CancellationToken cancellationToken);
}
