using Microsoft.Extensions.Options;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Tables;

// Keeps organization rows briefly so an allocation or activation costs one storage read. No rule is decided on a copy:
// rows are written with the version read (a stale copy fails the commit) and refusals are confirmed on storage.
// Each write moves the entry's generation on, so a racing read cannot put an older row back. Missing occupiers are
// never kept (a new one is allocatable at once, on any instance). Callers get their own copies.
public sealed class CachingOrganizationStore(TableOrganizationStore inner, TimeProvider time, IOptions<TableStorageOptions> options) : IOrganizationStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SiteId, string OrganizationId), Entry> _entries = [];

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

    public Task<IReadOnlyList<Organization>> ListAsync(string siteId, CancellationToken cancellationToken) =>
        inner.ListAsync(siteId, cancellationToken);

    public Task<bool> TrySaveAsync(Organization organization, CancellationToken cancellationToken) =>
        CommitAsync(organization, () => inner.TrySaveAsync(organization, cancellationToken));

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
