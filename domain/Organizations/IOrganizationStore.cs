namespace Telephony.Domain.Organizations;

public interface IOrganizationStore
{
    Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken);

    // May be briefly behind another instance's writes; callers write with the version read and confirm refusals on storage.
    Task<Organization?> FindRecentAsync(string siteId, string organizationId, CancellationToken cancellationToken) =>
        FindAsync(siteId, organizationId, cancellationToken);

    Task<IReadOnlyList<Organization>> ListAsync(string siteId, CancellationToken cancellationToken);

    Task<bool> TrySaveAsync(Organization organization, CancellationToken cancellationToken);
}
