namespace Telephony.Domain.Organizations;

// First read is the recent copy, later ones storage: a stale copy costs a retry, never a wrong answer (rows are written
// with the version read; refusals on a copy are decided again on storage). One per command.
public sealed class OrganizationReads(IOrganizationStore organizations)
{
    private bool _copyRead;

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
