using Microsoft.Extensions.Logging;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Administration;

public sealed record VoiceServicesChange(Organization Organization, string? AllocatedNumber, StartedOperation? Activation);

// Rule 10. The entitlement and allocation commit in one version-checked transaction, so a refusal changes nothing and of
// two organizations racing for a number one wins and the other takes the next.
public sealed class VoiceServiceAllocation(
    NumberLookup lookup,
    ActivationCommands activation,
    IPhoneNumberStore numbers,
    IOrganizationStore organizations,
    TimeProvider time,
    ILogger<VoiceServiceAllocation> logger)
{
    private static readonly PhoneNumberFilter Allocatable = new()
    {
        Statuses = new HashSet<PhoneNumberStatus> { PhoneNumberStatus.Available, PhoneNumberStatus.Cooldown },
    };

    public async Task<Result<VoiceServicesChange>> PutAsync(
        string siteId, string organizationId, int? voiceServices, bool? mainNumberService, ActivationCommands.Schedule schedule,
        CancellationToken cancellationToken)
    {
        if (Ids.Check(organizationId, "organization") is { } invalidId)
        {
            return invalidId;
        }

        // Checked before lookups: a malformed request is refused as such.
        if (voiceServices is not { } entitlement || Organization.RefuseVoiceServices(entitlement) is not null)
        {
            return Errors.InvalidRequest($"voiceServices is required, between 0 and {Organization.MaxVoiceServices}.");
        }

        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        // Activated after the loop: a started activation is never run twice by a lost race.
        PhoneNumber? allocated = null;
        var changed = await ConcurrencyBackOff.RunAsync<Organization>(organizationId, async () =>
        {
            var organization = await organizations.FindAsync(siteId, organizationId, cancellationToken);
            if (organization is null)
            {
                if (organizationId != Allocation.OperatorId)
                {
                    return Errors.OccupierNotFound(organizationId);
                }

                organization = Organization.Operator(siteId);
            }

            var added = entitlement > organization.VoiceServices;
            var set = organization.SetVoiceServices(entitlement, mainNumberService);
            if (!set.IsSuccess)
            {
                return set.Error!;
            }

            if (!added || await HoldsReservedNumberAsync(organization, cancellationToken))
            {
                if (!await organizations.TrySaveAsync(organization, cancellationToken))
                {
                    return null;
                }

                return organization;
            }

            var picked = await PickAsync(site.Value, organization, time.GetUtcNow(), cancellationToken);
            if (!picked.IsSuccess)
            {
                return picked.Error!;
            }

            if (!await numbers.TrySaveAsync(picked.Value, organization, cancellationToken))
            {
                return null;
            }

            allocated = picked.Value;
            return organization;
        }, cancellationToken);
        if (!changed.IsSuccess)
        {
            return changed.Error!;
        }

        return allocated is null
            ? new VoiceServicesChange(changed.Value, null, null)
            : await ActivateAsync(allocated, changed.Value, schedule, cancellationToken);
    }

    private async Task<VoiceServicesChange> ActivateAsync(
        PhoneNumber number, Organization organization, ActivationCommands.Schedule schedule, CancellationToken cancellationToken)
    {
        var started = await activation.StartAsync(
            new NumberRef(new SiteId(number.SiteId), number.Number, number.Sequence), OperationKind.Activation, schedule, cancellationToken);
        if (!started.IsSuccess)
        {
            logger.LogWarning("{Number} was allocated to {Organization} for a new voice service but its activation did not start: {Code}",
                number.Number, organization.OrganizationId, started.Error!.Code);
        }

        var current = await organizations.FindAsync(organization.SiteId, organization.OrganizationId, cancellationToken) ?? organization;
        return new VoiceServicesChange(current, number.Number, started.IsSuccess ? started.Value : null);
    }

    private async Task<bool> HoldsReservedNumberAsync(Organization organization, CancellationToken cancellationToken)
    {
        var filter = new PhoneNumberFilter
        {
            Statuses = new HashSet<PhoneNumberStatus> { PhoneNumberStatus.Reserved },
            Allocation = organization.Kind == OrganizationKind.Operator ? AllocationFilter.Operator : AllocationFilter.Occupier,
            OccupierId = organization.Kind == OrganizationKind.Occupier ? organization.OrganizationId : null,
        };
        await foreach (var _ in numbers.QueryAsync(organization.SiteId, filter, cancellationToken))
        {
            return true;
        }

        return false;
    }

    private async Task<Result<PhoneNumber>> PickAsync(Site site, Organization organization, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wantsMainNumber = organization.MainNumberService && organization.MainNumber is null;
        PhoneNumber? mainNumber = null;
        PhoneNumber? ordinary = null;
        await foreach (var number in numbers.QueryAsync(site.SiteId, Allocatable, cancellationToken))
        {
            if (number.Locked || number.UpdateInProgress || number.CoolingOffInForce(now))
            {
                continue;
            }

            if (number.IsMainNumber)
            {
                mainNumber ??= number;
            }
            else
            {
                ordinary ??= number;
            }

            if (ordinary is not null && (mainNumber is not null || !wantsMainNumber))
            {
                break;
            }
        }

        PhoneNumber chosen;
        if (!wantsMainNumber)
        {
            if (ordinary is null)
            {
                return Errors.NoNumberAvailable(organization.Allocation.ToString());
            }

            chosen = ordinary;
        }
        else if (mainNumber is not null)
        {
            chosen = mainNumber;
        }
        else if (site.AutoNominateMainNumber && ordinary is not null)
        {
            chosen = ordinary;
            var nominated = chosen.NominateMainNumber(now);
            if (!nominated.IsSuccess)
            {
                return nominated.Error!;
            }
        }
        else
        {
            return ordinary is null
                ? Errors.NoNumberAvailable(organization.Allocation.ToString())
                : Errors.NoMainNumberAvailable(organization.Allocation.ToString());
        }

        var allocated = organization.Allocate(chosen, now);
        return allocated.IsSuccess ? chosen : allocated.Error!;
    }
}
