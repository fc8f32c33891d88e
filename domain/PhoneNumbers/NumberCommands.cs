using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.Sites;

namespace Telephony.Domain.PhoneNumbers;

// Organization is null when unallocated or when it has no row.
public sealed record PhoneNumberDetails(PhoneNumber Number, Organization? Holder)
{
    public string? OccupierName => Number.Allocation?.Kind == OrganizationKind.Occupier ? Holder?.Name : null;

    public IReadOnlyList<AllowedAction> AllowedActions(DateTimeOffset now) => Number.AllowedActions(now, Holder);
}

public sealed record NumberRef(SiteId Site, string Number, long? ExpectedSequence = null, CommandKey? Key = null);

public sealed record CommandKey(string KeyHash, string Fingerprint, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt);

public sealed record KeptAnswer(CommandKey Key, PhoneNumberDetails Answer);

public enum CommitOutcome
{
    Committed,
    Lost,
    KeyTaken,
}

// Run in order inside ConcurrencyBackOff.
public sealed class NumberCommandSteps(NumberLookup lookup, IPhoneNumberStore numbers, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public Task<Result<(Site Site, string Number)>> LocateAsync(NumberRef target, CancellationToken cancellationToken) =>
        lookup.LocateAsync(target.Site, target.Number, cancellationToken);

    public async Task<Result<PhoneNumber>> LoadAsync(NumberRef target, string e164, CancellationToken cancellationToken)
    {
        var number = await numbers.FindAsync(target.Site.Value, e164, cancellationToken);
        if (number is null)
        {
            return Errors.NumberNotFound(e164);
        }

        return target.ExpectedSequence is { } expected && number.Sequence != expected ? Errors.PreconditionFailed(e164) : number;
    }

    public Task<PhoneNumberDetails> DescribeAsync(PhoneNumber number, CancellationToken cancellationToken) =>
        lookup.DescribeAsync(number, null, cancellationToken);

    // Null when another change won the race (run again).
    public async Task<Result<PhoneNumberDetails>?> CommitAsync(
        PhoneNumberDetails answer, Organization? organization, CommandKey? key, CancellationToken cancellationToken) =>
        await numbers.TryCommitAsync(answer.Number, organization, key is null ? null : new KeptAnswer(key, answer), cancellationToken) switch
        {
            CommitOutcome.Committed => answer,
            CommitOutcome.KeyTaken => Errors.IdempotencyKeyInProgress("Idempotency-Key"),
            _ => null,
        };

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
