namespace Telephony.Domain.Sites;

public interface ISiteStore
{
    Task<Site?> FindAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>Inserts or updates, checking the version read; false when it changed meanwhile.</summary>
    Task<bool> TrySaveAsync(Site site, CancellationToken cancellationToken);
}
