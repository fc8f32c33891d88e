namespace Telephony.Domain.Organizations;

public interface IOrganizationStore
{
    /// <summary>The organization as stored now: what a change that writes it, or refuses because of it, reads.</summary>
    Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// The organization as recently stored, for a change that does not write it and for an answer: exact after this
    /// process's own writes, at most a short while behind another instance's (infra/Tables/CachingOrganizationStore.cs).
    /// A missing occupier is always looked up in storage, so one created a moment ago is found. A store without a
    /// cache reads storage.
    /// </summary>
    Task<Organization?> FindRecentAsync(string siteId, string organizationId, CancellationToken cancellationToken) =>
        FindAsync(siteId, organizationId, cancellationToken);

    Task<IReadOnlyList<Organization>> ListAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>Inserts or updates, checking the version read; false when it changed meanwhile.</summary>
    Task<bool> TrySaveAsync(Organization organization, CancellationToken cancellationToken);
}
