namespace Telephony.Domain.Organizations;

public interface IOrganizationStore
{
    /// <summary>The organization as stored now: what a change that writes it, or refuses because of it, reads.</summary>
    /// <remarks>
    /// A number's command reads the organization through <see cref="OrganizationReads"/>: the recent copy first (its row
    /// written with the copy's version, so a stale copy fails the commit), storage on a retry and before a refusal.
    /// </remarks>
    Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// The organization as recently stored, for an answer and for a number's command (<see cref="OrganizationReads"/>,
    /// which writes the row only with the version it read, and confirms a refusal on storage): exact after this
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
