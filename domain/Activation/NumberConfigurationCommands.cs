using Microsoft.Extensions.Logging;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Activation;

// Rule 12: applied to the platform before it is stored, so what the API shows is what the platform has.
public sealed class NumberConfigurationCommands(
    NumberLookup lookup,
    IPhoneNumberStore numbers,
    INumberConfigurationStore store,
    IVoicePlatform platform,
    ActivationOptions options,
    TelephonyOptions defaults,
    TimeProvider time,
    ILogger<NumberConfigurationCommands> logger)
{
    private delegate Task Apply(VoicePlatformRequest request, NumberConfiguration configuration, CancellationToken cancellationToken);

    public async Task<Result<NumberConfiguration>> GetAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var located = await lookup.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var (site, e164) = located.Value;
        if (await numbers.FindAsync(site.SiteId, e164, cancellationToken) is null)
        {
            return Errors.NumberNotFound(e164);
        }

        return await store.FindAsync(site.SiteId, e164, cancellationToken) ?? NumberConfiguration.Default;
    }

    public async Task<Result<NumberConfiguration>> PutAsync(
        string siteId, string number, string? forwardTo, string? callerIdName, bool? voicemailEnabled, CancellationToken cancellationToken)
    {
        var located = await lookup.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var region = located.Value.Site.Region(defaults);
        return await ChangeAsync(located.Value, "configuration", current => NumberConfiguration.Parse(forwardTo, callerIdName, voicemailEnabled, region, current.PinHash),
            platform.ApplyConfigurationAsync, restorable: true, cancellationToken);
    }

    public async Task<Result<Done>> SetPinAsync(string siteId, string number, string? pin, CancellationToken cancellationToken)
    {
        if (VoicemailPin.Check(pin) is { } invalid)
        {
            return invalid;
        }

        var located = await lookup.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var accepted = pin!;
        var hash = VoicemailPin.Hash(accepted);
        var changed = await ChangeAsync(located.Value, "voicemail PIN", current => current with { PinHash = hash },
            (platformRequest, _, ct) => platform.SetPinAsync(platformRequest, accepted, ct), restorable: false, cancellationToken);
        return changed.IsSuccess ? Done.Value : changed.Error!;
    }

    // The PIN cannot be restored when a change goes unanswered: only its hash is kept.
    private async Task<Result<NumberConfiguration>> ChangeAsync(
        (Site Site, string Number) located, string what, Func<NumberConfiguration, Result<NumberConfiguration>> change, Apply apply, bool restorable,
        CancellationToken cancellationToken)
    {
        var (site, e164) = located;
        return await ConcurrencyBackOff.RunAsync<NumberConfiguration>(e164, async () =>
        {
            var phoneNumber = await numbers.FindAsync(site.SiteId, e164, cancellationToken);
            if (phoneNumber is null)
            {
                return Errors.NumberNotFound(e164);
            }

            if (phoneNumber.UpdateInProgress)
            {
                return Errors.UpdateInProgress(e164);
            }

            if (phoneNumber.Status != PhoneNumberStatus.Active)
            {
                return Errors.NotActive(e164, phoneNumber.Status);
            }

            var now = time.GetUtcNow();
            var stored = await store.ReadAsync(site.SiteId, e164, cancellationToken);
            if (stored?.Change?.InProgress(now) == true)
            {
                return Errors.UpdateInProgress(e164);
            }

            var current = stored?.Configuration ?? NumberConfiguration.Default;
            var changed = change(current);
            if (!changed.IsSuccess)
            {
                return changed;
            }

            var started = await store.TryStartChangeAsync(
                phoneNumber, stored, new ConfigurationChange(Guid.CreateVersion7(now).ToString(), now + options.ConfigurationChangeTimeout), cancellationToken);
            if (started is null)
            {
                return null;
            }

            return await ApplyAsync(site.SiteId, e164, what, started, current, changed.Value, apply, restorable);
        }, cancellationToken);
    }

    // Not cancelled with the request: a caller who hangs up must not leave the change half-recorded.
    private async Task<Result<NumberConfiguration>> ApplyAsync(
        string siteId, string number, string what, StoredConfiguration started, NumberConfiguration current, NumberConfiguration changed,
        Apply apply, bool restorable)
    {
        var request = new VoicePlatformRequest(siteId, number, started.Change!.ChangeId);
        DomainError? failure = null;
        try
        {
            await apply(request, changed, CancellationToken.None);
        }
        catch (VoicePlatformException e) when (!e.IsTransient)
        {
            logger.LogWarning(e, "The voice platform refused the {What} change {ChangeId} of {Number}", what, request.OperationId, number);
            failure = Errors.VoicePlatformRefused(number, e.Message);
        }
        catch (VoicePlatformException e)
        {
            // Unanswered: the platform may have it. Sending the previous value back makes it what storage shows.
            var restored = restorable && await TryRestoreAsync(request, current, apply);
            logger.LogWarning(e, "The voice platform did not confirm the {What} change {ChangeId} of {Number}; previous value restored: {Restored}",
                what, request.OperationId, number, restored);
            failure = Errors.VoicePlatformUnavailable(number, what, unknown: !restored);
        }

        var kept = failure is null ? changed : current;
        if (!await store.TryEndChangeAsync(siteId, number, started, kept, CancellationToken.None))
        {
            logger.LogError("The {What} change {ChangeId} of {Number} outlived its time-out and another change began; the platform may differ from storage",
                what, request.OperationId, number);
            return Errors.ConcurrentUpdate(number);
        }

        return failure is null ? kept : failure;
    }

    private async Task<bool> TryRestoreAsync(VoicePlatformRequest change, NumberConfiguration previous, Apply apply)
    {
        // Its own idempotency key: the platform must not take it for a retry of the first.
        var restore = change with { OperationId = Guid.CreateVersion7(time.GetUtcNow()).ToString() };
        try
        {
            await apply(restore, previous, CancellationToken.None);
            return true;
        }
        catch (VoicePlatformException e)
        {
            logger.LogError(e, "Restoring the configuration of {Number} after change {ChangeId} failed too: the platform may differ from storage",
                change.Number, change.OperationId);
            return false;
        }
    }
}
