using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Activation;

/// <summary>A number's custom configuration and voicemail PIN: changed only while it is ACTIVE and no change runs.</summary>
public sealed class NumberConfigurations(PhoneNumberCommands commands, IPhoneNumberStore numbers, INumberConfigurationStore store, TelephonyOptions defaults)
{
    private const int MaxAttempts = 5;

    public async Task<Result<NumberConfiguration>> GetAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var located = await commands.LocateAsync(siteId, number, cancellationToken);
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

    public async Task<Result<NumberConfiguration>> PutAsync(string siteId, string number, ConfigurationRequest request, CancellationToken cancellationToken)
    {
        var located = await commands.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var region = located.Value.Site.Region(defaults);
        return await ChangeAsync(siteId, number, current => request.ToConfiguration(region, current.PinHash), cancellationToken);
    }

    public async Task<Result<Done>> SetPinAsync(string siteId, string number, PinRequest request, CancellationToken cancellationToken)
    {
        if (VoicemailPin.Check(request.Pin) is { } invalid)
        {
            return invalid;
        }

        var hash = VoicemailPin.Hash(request.Pin!);
        var changed = await ChangeAsync(siteId, number, current => current with { PinHash = hash }, cancellationToken);
        return changed.IsSuccess ? Done.Value : changed.Error!;
    }

    private async Task<Result<NumberConfiguration>> ChangeAsync(
        string siteId, string number, Func<NumberConfiguration, Result<NumberConfiguration>> change, CancellationToken cancellationToken)
    {
        var located = await commands.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var (site, e164) = located.Value;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
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

            var current = await store.FindAsync(site.SiteId, e164, cancellationToken) ?? NumberConfiguration.Default;
            var changed = change(current);
            if (!changed.IsSuccess)
            {
                return changed;
            }

            if (await store.TrySaveAsync(phoneNumber, changed.Value, cancellationToken))
            {
                return changed;
            }
        }

        return Errors.ConcurrentUpdate(e164);
    }
}
