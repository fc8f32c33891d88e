using Microsoft.Extensions.Options;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Tables;

/// <summary>
/// Keeps the organizations' rows this process read or wrote for <see cref="TableStorageOptions.OrganizationCacheDuration"/>,
/// so that an allocation (which needs its organization's row for the main-number rule and the answer) and an activation
/// (which takes one of its voice services) cost one storage read, the number's, instead of two. Only
/// <see cref="FindRecentAsync"/> answers from here; those commands write the row from it only with the version it holds
/// and confirm a refusal on storage (<see cref="Telephony.Domain.Organizations.OrganizationReads"/>); other changes that
/// write the row or refuse because of it read storage (<see cref="FindAsync"/>).
/// </summary>
/// <remarks>
/// Every write of an organization's row in this process goes through <see cref="CommitAsync"/> (saves here, and the row
/// committed in a number's transaction by <see cref="TablePhoneNumberStore"/>): a write that commits replaces the copy,
/// one that fails or whose outcome is unknown drops it, so within one process what an answer shows (the occupier's name,
/// <c>activate</c> only while a voice service is free) is exact. A read racing a write cannot put an older row back:
/// each write moves the entry's generation on, and a read keeps what it found only if the generation is the one it saw
/// before reading. Another instance's change is seen once the copy expires, so for at most the cache duration an
/// answer here may offer <c>activate</c> that is then refused, or show an occupier's former name; no rule is decided
/// on it (a main number's row, or a voice service taken, is written with the version read, so a stale copy fails the
/// commit and the retry reads storage; a refusal on a copy is decided again on storage). A missing occupier is never
/// kept, so one created a moment ago, on any instance, is allocatable at once; the operator always exists, and its
/// missing row (no voice services set yet) is kept like a row.
/// Callers get their own copies: a failed commit never leaves a changed organization here.
/// </remarks>
public sealed class CachingOrganizationStore(TableOrganizationStore inner, TimeProvider time, IOptions<TableStorageOptions> options) : IOrganizationStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SiteId, string OrganizationId), Entry> _entries = [];

    /// <param name="Row">The row as stored, or null: not known (or, for the operator, known to be missing while <see cref="Known"/>).</param>
    /// <param name="Generation">Moved on by every write, so a read that started before it cannot put back what it found.</param>
    private sealed record Entry(Organization? Row, bool Known, DateTimeOffset Until, long Generation);

    public async Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken)
    {
        var generation = GenerationOf((siteId, organizationId));
        var found = await inner.FindAsync(siteId, organizationId, cancellationToken);
        Keep((siteId, organizationId), found, generation); // a copy of it
        return found;
    }

    public async Task<Organization?> FindRecentAsync(string siteId, string organizationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((siteId, organizationId), out var entry) && entry.Known && entry.Until > time.GetUtcNow())
            {
                return Copy(entry.Row);
            }
        }

        return await FindAsync(siteId, organizationId, cancellationToken);
    }

    /// <summary>Read through to storage: a list is read whole when a page or an export names many organizations.</summary>
    public Task<IReadOnlyList<Organization>> ListAsync(string siteId, CancellationToken cancellationToken) =>
        inner.ListAsync(siteId, cancellationToken);

    public Task<bool> TrySaveAsync(Organization organization, CancellationToken cancellationToken) =>
        CommitAsync(organization, () => inner.TrySaveAsync(organization, cancellationToken));

    /// <summary>
    /// Runs <paramref name="commit"/>, which writes <paramref name="organization"/>'s row (when not null) with the version
    /// read, and keeps the row it committed (with its new version), or drops the copy when it did not commit or may not have.
    /// </summary>
    public async Task<bool> CommitAsync(Organization? organization, Func<Task<bool>> commit)
    {
        if (organization is null)
        {
            return await commit();
        }

        var key = (organization.SiteId, organization.OrganizationId);
        var generation = GenerationOf(key);
        var committed = false;
        try
        {
            committed = await commit();
            return committed;
        }
        finally
        {
            Written(key, committed ? organization : null, generation);
        }
    }

    private long GenerationOf((string, string) key)
    {
        lock (_gate)
        {
            return GenerationUnlocked(key);
        }
    }

    /// <summary>What a read found, kept unless a write came in between (it may be older than what that write left).</summary>
    private void Keep((string SiteId, string OrganizationId) key, Organization? found, long generation)
    {
        if (found is null && key.OrganizationId != Allocation.OperatorId)
        {
            return;
        }

        lock (_gate)
        {
            if (GenerationUnlocked(key) == generation && Duration > TimeSpan.Zero)
            {
                _entries[key] = new Entry(Copy(found), true, time.GetUtcNow() + Duration, generation);
            }
        }
    }

    /// <summary>
    /// After a write: the row it committed is kept when no other write came in between (whose row may be newer);
    /// otherwise, or when nothing is known to be committed, the copy is dropped and the next read goes to storage.
    /// </summary>
    private void Written((string, string) key, Organization? committed, long generation)
    {
        lock (_gate)
        {
            var current = GenerationUnlocked(key);
            var keep = committed is not null && current == generation && Duration > TimeSpan.Zero;
            _entries[key] = new Entry(keep ? Copy(committed) : null, keep, time.GetUtcNow() + Duration, current + 1);
        }
    }

    private long GenerationUnlocked((string, string) key) => _entries.TryGetValue(key, out var entry) ? entry.Generation : 0;

    private TimeSpan Duration => options.Value.OrganizationCacheDuration;

    private static Organization? Copy(Organization? o) => o is null
        ? null
        : Organization.Restore(o.SiteId, o.OrganizationId, o.Name, o.VoiceServices, o.MainNumberService, o.MainNumber, o.VoiceServicesInUse, o.StoreVersion);
}
