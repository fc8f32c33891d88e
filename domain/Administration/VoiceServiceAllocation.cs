using Microsoft.Extensions.Logging;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Administration;

/// <summary>The body of <c>PUT /api/sites/{siteId}/organizations/{organizationId}/voice-services</c>; an omitted <c>mainNumberService</c> stays unchanged.</summary>
public sealed record VoiceServicesRequest(int? VoiceServices, bool? MainNumberService);

/// <summary>The organization after the change, and the number allocated to it and the activation started, if any.</summary>
public sealed record VoiceServicesChange(Organization Organization, string? AllocatedNumber, StartedOperation? Activation);

/// <summary>
/// Sets an organization's voice services; adding them to an organization that holds no RESERVED number allocates the
/// next AVAILABLE number to it and activates it (rule 10).
/// </summary>
/// <remarks>
/// The new entitlement and the allocation commit together in one version-checked transaction (the number, its events
/// and the organization are in one partition), so a refusal — no number left — leaves nothing changed, and of two
/// organizations racing for the same number one wins and the other re-reads and takes the next. The activation then
/// starts through <see cref="ActivationCommands"/> like any other: should it not start (the number changed meanwhile),
/// the number stays RESERVED for the organization, which can activate it as usual.
/// </remarks>
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
        string siteId, string organizationId, VoiceServicesRequest request, ActivationCommands.Schedule schedule, CancellationToken cancellationToken)
    {
        if (Ids.Check(organizationId, "organization") is { } invalidId)
        {
            return invalidId;
        }

        if (request.VoiceServices is not ({ } voiceServices and >= 0 and <= OccupierAdministration.MaxVoiceServices))
        {
            return Errors.InvalidRequest($"voiceServices is required, between 0 and {OccupierAdministration.MaxVoiceServices}.");
        }

        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        // Allocated here, activated after the loop: a started activation is never run twice by a lost race.
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

            var added = voiceServices > organization.VoiceServices;
            var set = organization.SetVoiceServices(voiceServices, request.MainNumberService);
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

            // A racing allocation of the same number, or a change of the organization, fails this and the attempt runs again.
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

    /// <summary>
    /// The number to allocate, allocated in memory (and nominated, when the site nominates main numbers automatically):
    /// a nominated main number when the organization's main-number service has none yet, otherwise the lowest
    /// allocatable number that is not a main number.
    /// </summary>
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
