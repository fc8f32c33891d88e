using Telephony.Domain.Common;
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
/// What a caller asks of a number: the site, the number as typed, optionally the version it last read (If-Match), and
/// the <c>Idempotency-Key</c> whose record commits with the change.
/// </summary>
public sealed record NumberRef(SiteId Site, string Number, long? ExpectedSequence = null, CommandKey? Key = null);

/// <summary>
/// The <c>Idempotency-Key</c> a one-number command runs under, as data: its hash, the request it was first sent with
/// (fingerprint), when it was taken and until when it is remembered.
/// </summary>
public sealed record CommandKey(string KeyHash, string Fingerprint, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt);

/// <summary>The key's record as it commits with the change: the key, and the answer a repeat of the request is given.</summary>
public sealed record KeptAnswer(CommandKey Key, PhoneNumberDetails Answer);

/// <summary>How a commit went: written; lost to another change of the number or organization; or the key was recorded first.</summary>
public enum CommitOutcome
{
    Committed,
    Lost,
    KeyTaken,
}

/// <summary>
/// The steps every command on one number shares: find its site and read it as E.164, load it (If-Match checked), and
/// commit the change with the key's record. A command runs them in order inside <see cref="ConcurrencyBackOff"/>.
/// </summary>
public sealed class NumberCommandSteps(NumberLookup lookup, IPhoneNumberStore numbers, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The site and the number as E.164 in its region, or <c>site-not-found</c>, <c>invalid-number</c>.</summary>
    public Task<Result<(Site Site, string Number)>> LocateAsync(NumberRef target, CancellationToken cancellationToken) =>
        lookup.LocateAsync(target.Site, target.Number, cancellationToken);

    /// <summary>The number as stored, or <c>number-not-found</c>, or <c>precondition-failed</c> when If-Match names another version.</summary>
    public async Task<Result<PhoneNumber>> LoadAsync(NumberRef target, string e164, CancellationToken cancellationToken)
    {
        var number = await numbers.FindAsync(target.Site.Value, e164, cancellationToken);
        if (number is null)
        {
            return Errors.NumberNotFound(e164);
        }

        return target.ExpectedSequence is { } expected && number.Sequence != expected ? Errors.PreconditionFailed(e164) : number;
    }

    /// <summary>The changed number as its answer shows it, with its holder's row when the answer needs it.</summary>
    public Task<PhoneNumberDetails> DescribeAsync(PhoneNumber number, CancellationToken cancellationToken) =>
        lookup.DescribeAsync(number, null, cancellationToken);

    /// <summary>
    /// Commits the changed number (and <paramref name="organization"/> when its row changed) with the key's record
    /// holding <paramref name="answer"/>. The answer when committed; null when another change won the race (run again);
    /// <c>idempotency-key-in-progress</c> when the key was recorded first, which the caller answers from that record.
    /// </summary>
    public async Task<Result<PhoneNumberDetails>?> CommitAsync(
        PhoneNumberDetails answer, Organization? organization, CommandKey? key, CancellationToken cancellationToken) =>
        await numbers.TryCommitAsync(answer.Number, organization, key is null ? null : new KeptAnswer(key, answer), cancellationToken) switch
        {
            CommitOutcome.Committed => answer,
            CommitOutcome.KeyTaken => Errors.IdempotencyKeyInProgress("Idempotency-Key"),
            _ => null,
        };

    /// <summary>
    /// A command whose rule reads and changes the number alone (platform administration): load, apply
    /// <paramref name="rule"/>, commit, answer the number with its holder.
    /// </summary>
    public async Task<Result<PhoneNumberDetails>> ChangeNumberAsync(
        NumberRef target, Func<PhoneNumber, DateTimeOffset, Result<Done>> rule, CancellationToken cancellationToken)
    {
        var located = await LocateAsync(target, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var e164 = located.Value.Number;
        return await ConcurrencyBackOff.RunAsync<PhoneNumberDetails>(e164, async () =>
        {
            var number = await LoadAsync(target, e164, cancellationToken);
            if (!number.IsSuccess)
            {
                return number.Error!;
            }

            var changed = rule(number.Value, Now);
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            return await CommitAsync(await DescribeAsync(number.Value, cancellationToken), null, target.Key, cancellationToken);
        }, cancellationToken);
    }
}
