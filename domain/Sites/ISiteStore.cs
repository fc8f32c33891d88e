namespace Telephony.Domain.Sites;

public interface ISiteStore
{
    Task<Site?> FindAsync(string siteId, CancellationToken cancellationToken);

    Task<bool> TrySaveAsync(Site site, CancellationToken cancellationToken);
}
