namespace Telephony.Domain.Organizations;

/// <summary>
/// How one command on a number reads the organization whose rule it applies. Its first read is this instance's recent
/// copy (<see cref="IOrganizationStore.FindRecentAsync"/>), so the command costs the number's read alone; every later
/// read goes to storage. A stale copy so costs a retry or a read, never a wrong answer: the row is written with the
/// version read (a stale copy fails the commit), and the command decides a refusal on a copy again on storage. One per
/// command: it remembers that command's reads across its attempts.
/// </summary>
public sealed class OrganizationReads(IOrganizationStore organizations)
{
    private bool _copyRead;

    /// <summary>
    /// The organization, and whether it may be the copy (behind another instance's change). A missing occupier is never
    /// a copy: the store looks it up in storage every time.
    /// </summary>
    public async Task<(Organization? Found, bool FromCopy)> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken)
    {
        if (_copyRead)
        {
            return (await organizations.FindAsync(siteId, organizationId, cancellationToken), false);
        }

        _copyRead = true;
        var found = await organizations.FindRecentAsync(siteId, organizationId, cancellationToken);
        return (found, found is not null || organizationId == PhoneNumbers.Allocation.OperatorId);
    }
}
