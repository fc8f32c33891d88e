using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Organizations;

/// <summary>
/// How one command on a number reads the organization whose rule it applies (and whose row, when it changes it, it
/// commits in the number's transaction with the version read). Its first read is this instance's recent copy
/// (<see cref="IOrganizationStore.FindRecentAsync"/>), so the command costs the number's read alone; every later read
/// goes to storage. A later attempt follows a lost race, perhaps over the copy's version (a stale copy fails the commit),
/// and a refusal decided on the copy is decided again on storage before the caller is told. A stale copy so costs a
/// retry or a read, never a wrong answer. One per command: it remembers that command's reads across its attempts.
/// </summary>
public sealed class OrganizationReads(IOrganizationStore organizations)
{
    private bool _copyRead;

    /// <summary>
    /// Whether the last read may have been the instance's copy, which can be behind another instance's change. A missing
    /// occupier is never a copy: the store looks it up in storage every time.
    /// </summary>
    public bool FromCopy { get; private set; }

    /// <summary>The organization: the instance's copy on the command's first read, storage on every read after it.</summary>
    public async Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken)
    {
        var recent = !_copyRead;
        _copyRead = true;
        var found = recent
            ? await organizations.FindRecentAsync(siteId, organizationId, cancellationToken)
            : await organizations.FindAsync(siteId, organizationId, cancellationToken);
        FromCopy = recent && (found is not null || organizationId == Allocation.OperatorId);
        return found;
    }

    /// <summary>
    /// Applies <paramref name="decide"/> (the organization's rule; each read gives it its own copy to change) to the
    /// organization as <see cref="FindAsync"/> reads it. A refusal decided on the copy is decided once more on storage, unless
    /// <paramref name="decidedByOrganization"/> says the organization's row played no part in it (the number's own refusal).
    /// </summary>
    public async Task<Result<T>> DecideAsync<T>(
        string siteId, string organizationId, Func<Organization?, Result<T>> decide, Func<DomainError, bool>? decidedByOrganization,
        CancellationToken cancellationToken)
    {
        var decided = decide(await FindAsync(siteId, organizationId, cancellationToken));
        if (decided.IsSuccess || !FromCopy || decidedByOrganization?.Invoke(decided.Error!) == false)
        {
            return decided;
        }

        return decide(await FindAsync(siteId, organizationId, cancellationToken));
    }
}
