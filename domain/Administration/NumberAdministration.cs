using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Administration;

// Rules 2 and 9.
public sealed class NumberAdministration(NumberCommandSteps steps, IRemovedNumberStore removed, ISiteRegistry registry)
{
    public Task<Result<PhoneNumberDetails>> NominateMainNumberAsync(NumberRef target, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.NominateMainNumber(now), cancellationToken);

    public Task<Result<PhoneNumberDetails>> WithdrawMainNumberAsync(NumberRef target, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.WithdrawMainNumber(now), cancellationToken);

    public const int MaxLockReasonLength = 200;

    public static Result<string> LockReason(string? reason)
    {
        reason = reason?.Trim();
        return string.IsNullOrEmpty(reason) || reason.Length > MaxLockReasonLength || reason.Any(char.IsControl)
            ? Errors.InvalidRequest($"reason is required: 1-{MaxLockReasonLength} printable characters.")
            : reason;
    }

    public Task<Result<PhoneNumberDetails>> LockAsync(NumberRef target, string reason, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.Lock(reason, now), cancellationToken);

    public Task<Result<PhoneNumberDetails>> UnlockAsync(NumberRef target, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.Unlock(now), cancellationToken);

    public async Task<Result<Done>> RemoveAsync(NumberRef target, CancellationToken cancellationToken)
    {
        var located = await steps.LocateAsync(target, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var e164 = located.Value.Number;
        var removal = await ConcurrencyBackOff.RunAsync<Done>(e164, async () =>
        {
            var number = await steps.LoadAsync(target, e164, cancellationToken);
            if (!number.IsSuccess)
            {
                return number.Error!;
            }

            var removing = number.Value.Remove(steps.Now);
            if (!removing.IsSuccess)
            {
                return removing.Error!;
            }

            // Removing writes differently from saving: the number's row goes, its last sequence stays.
            return await removed.TryRemoveAsync(number.Value, cancellationToken) ? Done.Value : null;
        }, cancellationToken);
        if (!removal.IsSuccess)
        {
            return removal.Error!;
        }

        await registry.CountNumbersAsync(target.Site.Value, -1, cancellationToken);
        return Done.Value;
    }
}
