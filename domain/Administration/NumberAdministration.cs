using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Administration;

/// <summary>The body of <c>PUT /api/platform/sites/{siteId}/phone-numbers/{number}/lock</c>.</summary>
public sealed record LockRequest(string? Reason)
{
    public const int MaxReasonLength = 200;

    public Result<string> ToReason()
    {
        var reason = Reason?.Trim();
        return string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength || reason.Any(char.IsControl)
            ? Errors.InvalidRequest($"reason is required: 1-{MaxReasonLength} printable characters.")
            : reason;
    }
}

/// <summary>Platform administrators nominate and withdraw main numbers (rule 2), lock and unlock numbers (rule 9), and remove numbers.</summary>
public sealed class NumberAdministration(NumberCommandSteps steps, IRemovedNumberStore removed, ISiteRegistry registry)
{
    public Task<Result<PhoneNumberDetails>> NominateMainNumberAsync(NumberRef target, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.NominateMainNumber(now), cancellationToken);

    public Task<Result<PhoneNumberDetails>> WithdrawMainNumberAsync(NumberRef target, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.WithdrawMainNumber(now), cancellationToken);

    public async Task<Result<PhoneNumberDetails>> LockAsync(NumberRef target, LockRequest request, CancellationToken cancellationToken)
    {
        var reason = request.ToReason();
        return reason.IsSuccess
            ? await steps.ChangeNumberAsync(target, (number, now) => number.Lock(reason.Value, now), cancellationToken)
            : reason.Error!;
    }

    public Task<Result<PhoneNumberDetails>> UnlockAsync(NumberRef target, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.Unlock(now), cancellationToken);

    /// <summary>Removes an AVAILABLE, unlocked number: it leaves the list, facets and export; its history stays readable.</summary>
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
