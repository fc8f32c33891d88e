using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Administration;

/// <summary>Platform administrators nominate and withdraw main numbers (rule 2), lock and unlock numbers (rule 9), and remove numbers.</summary>
public sealed class NumberAdministration(PhoneNumberCommands commands, IRemovedNumberStore removed, ISiteRegistry registry)
{
    public Task<Result<PhoneNumberDetails>> NominateMainNumberAsync(NumberRef target, CancellationToken cancellationToken) =>
        commands.ChangeAsync(target, (number, now) => number.NominateMainNumber(now), cancellationToken);

    public Task<Result<PhoneNumberDetails>> WithdrawMainNumberAsync(NumberRef target, CancellationToken cancellationToken) =>
        commands.ChangeAsync(target, (number, now) => number.WithdrawMainNumber(now), cancellationToken);

    public const int MaxLockReasonLength = 200;

    /// <summary>Why a number is locked, trimmed: 1 to <see cref="MaxLockReasonLength"/> printable characters.</summary>
    public static Result<string> LockReason(string? reason)
    {
        reason = reason?.Trim();
        return string.IsNullOrEmpty(reason) || reason.Length > MaxLockReasonLength || reason.Any(char.IsControl)
            ? Errors.InvalidRequest($"reason is required: 1-{MaxLockReasonLength} printable characters.")
            : reason;
    }

    /// <param name="reason">Read by <see cref="LockReason"/>.</param>
    public Task<Result<PhoneNumberDetails>> LockAsync(NumberRef target, string reason, CancellationToken cancellationToken) =>
        commands.ChangeAsync(target, (number, now) => number.Lock(reason, now), cancellationToken);

    public Task<Result<PhoneNumberDetails>> UnlockAsync(NumberRef target, CancellationToken cancellationToken) =>
        commands.ChangeAsync(target, (number, now) => number.Unlock(now), cancellationToken);

    /// <summary>Removes an AVAILABLE, unlocked number: it leaves the list, facets and export; its history stays readable.</summary>
    public async Task<Result<Done>> RemoveAsync(NumberRef target, CancellationToken cancellationToken)
    {
        var removal = await commands.ChangeAsync(
            target,
            (number, now) => number.Remove(now),
            (changed, _, _, ct) => removed.TryRemoveAsync(changed.Number, ct),
            cancellationToken);
        if (!removal.IsSuccess)
        {
            return removal.Error!;
        }

        await registry.CountNumbersAsync(removal.Value.Number.SiteId, -1, cancellationToken);
        return Done.Value;
    }
}
