namespace Telephony.Domain.Organizations;

public interface IOrganizationStore
{
    Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Organization>> ListAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>Inserts or updates, checking the version read; false when it changed meanwhile.</summary>
    Task<bool> TrySaveAsync(Organization organization, CancellationToken cancellationToken);
}
