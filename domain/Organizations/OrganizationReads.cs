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
    /// The organization: the instance's copy on the command's first read, storage on every read after it; and whether it
    /// may be that copy, which can be behind another instance's change. A missing occupier is never a copy: the store
    /// looks it up in storage every time.
    /// </summary>
    private async Task<(Organization? Found, bool FromCopy)> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken)
    {
        if (_copyRead)
        {
            return (await organizations.FindAsync(siteId, organizationId, cancellationToken), false);
        }

        _copyRead = true;
        var found = await organizations.FindRecentAsync(siteId, organizationId, cancellationToken);
        return (found, found is not null || organizationId == Allocation.OperatorId);
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
        var (found, fromCopy) = await FindAsync(siteId, organizationId, cancellationToken);
        var decided = decide(found);
        if (decided.IsSuccess || !fromCopy || decidedByOrganization?.Invoke(decided.Error!) == false)
        {
            return decided;
        }

        return decide((await FindAsync(siteId, organizationId, cancellationToken)).Found);
    }
}
