namespace Telephony.Domain.CoolingOff;

// Lets the release run read only due numbers. The number stays the source of truth: an entry may be stale (dropped
// on release) but is written before the change that needs it, and reconciliation repairs the rest.
public interface ICoolingOffIndex
{
    // Idempotent.
    Task AddAsync(IReadOnlyCollection<CoolingOffEntry> entries, CancellationToken cancellationToken);

    Task RemoveAsync(IReadOnlyCollection<CoolingOffEntry> entries, CancellationToken cancellationToken);

    IAsyncEnumerable<CoolingOffEntry> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> ContainsAsync(CoolingOffEntry entry, CancellationToken cancellationToken);
}

public interface ISiteDirectory
{
    IAsyncEnumerable<string> SiteIdsAsync(CancellationToken cancellationToken);
}
