using Telephony.Domain.Common;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Organizations;
using Telephony.Domain.Sites;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>
/// A number as a caller sees it after a read or a change, with the organization it is allocated to (as stored; null
/// when unallocated, or when that organization has no row): its name, and whether it has a voice service to activate with.
/// </summary>
public sealed record PhoneNumberDetails(PhoneNumber Number, Organization? Holder)
{
    public string? OccupierName => Number.Allocation?.Kind == OrganizationKind.Occupier ? Holder?.Name : null;

    public IReadOnlyList<AllowedAction> AllowedActions(DateTimeOffset now) => Number.AllowedActions(now, Holder);
}

/// <summary>
/// What a caller asks of a number: where it is, optionally the version it last read (If-Match), and the
/// <c>Idempotency-Key</c> whose record commits with the change.
/// </summary>
public sealed record NumberRef(string SiteId, string Number, long? ExpectedSequence = null, ICommandKey? Key = null);

/// <summary>The operator-facing commands on one number: each loads it, applies one rule, and commits atomically.</summary>
public sealed class PhoneNumberCommands(
    IPhoneNumberStore numbers,
    IOrganizationStore organizations,
    NumberLookup lookup,
    ICoolingOffIndex coolingOffIndex,
    TelephonyOptions defaults,
    TimeProvider time)
{
    public async Task<Result<PhoneNumberDetails>> AllocateAsync(NumberRef target, Allocation allocation, CancellationToken cancellationToken)
    {
        // Read once: the same row gives the main-number rule its data and the answer the occupier's name and whether
        // the number can be activated now. A recent copy serves (no storage read in the steady state): the row is
        // written only for a main number, with its version checked, so a stale copy cannot break rule 2.
        Organization? read = null;
        var reads = new OrganizationReads(organizations);
        return await CommitChangeAsync(target, (_, number, now) =>
        {
            Result<Organization?> Allocate(Organization? found)
            {
                var holder = Holder(number.SiteId, allocation, found);
                if (!holder.IsSuccess)
                {
                    return holder.Error!;
                }

                read = holder.Value;
                var allocated = holder.Value.Allocate(number, now);
                return allocated.IsSuccess ? (allocated.Value ? holder.Value : null) : allocated.Error!;
            }

            // A refusal of the organization's (it holds another main number) may come from a copy behind another
            // instance's release, and storage confirms it; the number's own refusals do not depend on the row.
            return reads.DecideAsync(number.SiteId, allocation.OrganizationId, Allocate,
                decidedByOrganization: _ => number.RefuseAllocation(now) is null, cancellationToken);
        }, numbers.TryCommitAsync, () => read, cancellationToken);
    }

    /// <summary>
    /// The organization a number is allocated to: <c>occupier-not-found</c> for an unknown occupier; the operator always
    /// exists, but has a row only once its voice services were set.
    /// </summary>
    private static Result<Organization> Holder(string siteId, Allocation allocation, Organization? found)
    {
        if (found is not null)
        {
            return found;
        }

        return allocation.Kind == OrganizationKind.Occupier ? Errors.OccupierNotFound(allocation.OrganizationId) : Organization.Operator(siteId);
    }

    public Task<Result<PhoneNumberDetails>> DeallocateAsync(NumberRef target, CancellationToken cancellationToken) =>
        ChangeAsync(target, async (site, number, now) =>
        {
            // Only a main number's holder changes (rule 2): its row is read for a main number that can be deallocated.
            var holder = number.IsMainNumber && number.RefuseDeallocation() is null
                ? await organizations.FindAsync(number.SiteId, number.Allocation!.OrganizationId, cancellationToken)
                : null;
            var period = site.CoolingOffPeriod(defaults);
            var deallocated = holder is null ? number.Deallocate(period, now).Map(_ => false) : holder.Deallocate(number, period, now);
            if (!deallocated.IsSuccess)
            {
                return deallocated.Error!;
            }

            if (CoolingOffEntry.For(number) is { } coolingOff)
            {
                // Indexed before the commit, so the release run finds the number even if the process dies after it.
                await coolingOffIndex.AddAsync([coolingOff], cancellationToken);
            }

            return deallocated.Value ? holder : Result<Organization?>.Success(null);
        }, cancellationToken);

    public delegate Task<Result<Organization?>> Change(Site site, PhoneNumber number, DateTimeOffset now);

    /// <summary>
    /// Runs <paramref name="change"/> on a freshly read number and commits it (with the organization it returns, if any)
    /// in one version-checked transaction. When another request won the race, the rules run again on what it left,
    /// unless the caller pinned a version with If-Match, which then fails with 412.
    /// </summary>
    public Task<Result<PhoneNumberDetails>> ChangeAsync(NumberRef target, Change change, CancellationToken cancellationToken) =>
        CommitChangeAsync(target, change, numbers.TryCommitAsync, null, cancellationToken);

    /// <summary>
    /// Commits a changed number (<paramref name="changed"/>: as the caller is told it) and organization, with the
    /// request's <paramref name="key"/> when it has one; false, with nothing written, when either changed since read.
    /// </summary>
    public delegate Task<bool> Commit(PhoneNumberDetails changed, Organization? organization, ICommandKey? key, CancellationToken cancellationToken);

    /// <summary>A change to the number alone (its rule's outcome): no organization is read or written.</summary>
    public delegate Result<Done> NumberChange(PhoneNumber number, DateTimeOffset now);

    /// <summary>Runs a change to the number alone, as <see cref="ChangeAsync(NumberRef, Change, CancellationToken)"/> does.</summary>
    public Task<Result<PhoneNumberDetails>> ChangeAsync(NumberRef target, NumberChange change, CancellationToken cancellationToken) =>
        ChangeAsync(target, NumberOnly(change), cancellationToken);

    /// <summary>
    /// A change to the number alone, with a commit of the caller's own (removing a number writes differently from saving it).
    /// </summary>
    public Task<Result<PhoneNumberDetails>> ChangeAsync(NumberRef target, NumberChange change, Commit commit, CancellationToken cancellationToken) =>
        CommitChangeAsync(target, NumberOnly(change), commit, null, cancellationToken);

    private static Change NumberOnly(NumberChange change) => (_, number, now) =>
        Task.FromResult(change(number, now) is { IsSuccess: false } refused
            ? Result<Organization?>.Failure(refused.Error!)
            : Result<Organization?>.Success(null));

    /// <param name="knownHolder">The organization the change read, when it read one it does not write (for the answer).</param>
    private async Task<Result<PhoneNumberDetails>> CommitChangeAsync(
        NumberRef target, Change change, Commit commit, Func<Organization?>? knownHolder, CancellationToken cancellationToken)
    {
        var located = await lookup.LocateAsync(target.SiteId, target.Number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var (site, e164) = located.Value;
        return await ConcurrencyBackOff.RunAsync<PhoneNumberDetails>(e164, async () =>
        {
            var number = await numbers.FindAsync(site.SiteId, e164, cancellationToken);
            if (number is null)
            {
                return Errors.NumberNotFound(e164);
            }

            if (target.ExpectedSequence is { } expected && number.Sequence != expected)
            {
                return Errors.PreconditionFailed(e164);
            }

            var changed = await change(site, number, time.GetUtcNow());
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            // Described before the commit: the answer commits with the change when the caller sent an Idempotency-Key.
            var answer = await lookup.DescribeAsync(number, changed.Value ?? knownHolder?.Invoke(), cancellationToken);
            if (await commit(answer, changed.Value, target.Key, cancellationToken))
            {
                return answer;
            }

            // Run again on what the winner left. A version pinned with If-Match is checked first on that run: 412 when the
            // number moved on, and the rules again when only its organization did (a copy read behind another change).
            return null;
        }, cancellationToken);
    }
}
