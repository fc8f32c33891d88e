using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Organizations;

/// <summary>
/// The operator of a site or one of its occupiers: its voice-service entitlement and the main number it holds.
/// Stored beside the site's numbers so a number's change and its organization's change commit together.
/// </summary>
/// <remarks>
/// It owns rule 10's count (a voice service is taken by each number being activated or ACTIVE, and never more than
/// the entitlement) and rule 2's main number (at most one). Its state changes only through the methods below, which
/// refuse with a stable code; the services read it, call one of them, and commit.
/// </remarks>
public sealed class Organization
{
    public const int MaxNameLength = 200;
    public const int MaxVoiceServices = 10_000;

    private Organization(string siteId, string organizationId, string? name)
    {
        SiteId = siteId;
        OrganizationId = organizationId;
        Name = name;
    }

    public string SiteId { get; }

    /// <summary><c>operator</c>, or the occupier's id.</summary>
    public string OrganizationId { get; }

    public OrganizationKind Kind => OrganizationId == Allocation.OperatorId ? OrganizationKind.Operator : OrganizationKind.Occupier;

    public Allocation Allocation => Kind == OrganizationKind.Operator ? Allocation.Operator : Allocation.Occupier(OrganizationId);

    /// <summary>The occupier's display name; null for the operator.</summary>
    public string? Name { get; private set; }

    /// <summary>How many voice services the organization is entitled to.</summary>
    public int VoiceServices { get; private set; }

    /// <summary>Whether one of its voice services asks for a main number.</summary>
    public bool MainNumberService { get; private set; }

    /// <summary>The nominated main number allocated to it, if any (at most one, rule 2).</summary>
    public string? MainNumber { get; private set; }

    /// <summary>How many numbers hold one of its voice services (ACTIVE, or being activated).</summary>
    public int VoiceServicesInUse { get; private set; }

    /// <summary>The storage version read (its ETag); the store refreshes it after each write.</summary>
    public string? StoreVersion { get; internal set; }

    /// <summary>The site's operator, before its voice services are set (it has no row until then).</summary>
    public static Organization Operator(string siteId) => new(siteId, Allocation.OperatorId, null);

    /// <summary>A new occupier: its id is not <c>operator</c>, and its name and voice services are within bounds.</summary>
    public static Result<Organization> Occupier(string siteId, string occupierId, string? name, int voiceServices)
    {
        if (occupierId == Allocation.OperatorId)
        {
            return Errors.InvalidRequest("'operator' is reserved for the site's operator and cannot be an occupier id.");
        }

        var occupier = new Organization(siteId, occupierId, null);
        var named = occupier.Rename(name);
        if (!named.IsSuccess)
        {
            return named.Error!;
        }

        var entitled = occupier.SetVoiceServices(voiceServices);
        return entitled.IsSuccess ? occupier : entitled.Error!;
    }

    /// <summary>Rebuilds an organization from storage; no rule runs.</summary>
    internal static Organization Restore(
        string siteId, string organizationId, string? name, int voiceServices, bool mainNumberService, string? mainNumber,
        int voiceServicesInUse, string? storeVersion) => new(siteId, organizationId, name)
    {
        VoiceServices = voiceServices,
        MainNumberService = mainNumberService,
        MainNumber = mainNumber,
        VoiceServicesInUse = voiceServicesInUse,
        StoreVersion = storeVersion,
    };

    public bool HasFreeVoiceService => VoiceServicesInUse < VoiceServices;

    /// <summary>Gives an occupier its display name, trimmed: 1 to <see cref="MaxNameLength"/> characters.</summary>
    public Result<Done> Rename(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return Errors.InvalidRequest($"name is required, at most {MaxNameLength} characters.");
        }

        Name = name;
        return Done.Value;
    }

    /// <summary>Why <paramref name="voiceServices"/> cannot be an entitlement, whatever is in use; null when it can.</summary>
    public static DomainError? RefuseVoiceServices(int voiceServices) =>
        voiceServices is < 0 or > MaxVoiceServices ? Errors.InvalidRequest($"voiceServices must be between 0 and {MaxVoiceServices}.") : null;

    /// <summary>
    /// Sets the entitlement (rule 10), within 0 to <see cref="MaxVoiceServices"/>; refused with
    /// <c>voice-services-in-use</c> below the number in use, since a service cannot be taken from an ACTIVE number.
    /// An omitted <paramref name="mainNumberService"/> stays unchanged.
    /// </summary>
    public Result<Done> SetVoiceServices(int voiceServices, bool? mainNumberService = null)
    {
        if (RefuseVoiceServices(voiceServices) is { } outOfBounds)
        {
            return outOfBounds;
        }

        if (voiceServices < VoiceServicesInUse)
        {
            return Errors.VoiceServicesInUse(Allocation.ToString(), VoiceServicesInUse, voiceServices);
        }

        VoiceServices = voiceServices;
        MainNumberService = mainNumberService ?? MainNumberService;
        return Done.Value;
    }

    /// <summary>Takes a voice service for a number being activated (rule 10); refused when none is free.</summary>
    internal Result<Done> TakeVoiceService()
    {
        if (!HasFreeVoiceService)
        {
            return Errors.NoVoiceService(Allocation.ToString());
        }

        VoiceServicesInUse++;
        return Done.Value;
    }

    /// <summary>Gives back the voice service of a number deactivated, or of an activation that failed.</summary>
    public void ReleaseVoiceService() => VoiceServicesInUse = Math.Max(0, VoiceServicesInUse - 1);

    /// <summary>Holds <paramref name="number"/> as its main number (rule 2); refused while it holds another.</summary>
    internal Result<Done> HoldMainNumber(string number)
    {
        if (MainNumber is not null && MainNumber != number)
        {
            return Errors.MainNumberAlreadyHeld(Allocation.ToString(), MainNumber);
        }

        MainNumber = number;
        return Done.Value;
    }

    /// <summary>Lets go of <paramref name="number"/> as its main number; false when it did not hold it (nothing to write).</summary>
    internal bool ReleaseMainNumber(string number)
    {
        if (MainNumber != number)
        {
            return false;
        }

        MainNumber = null;
        return true;
    }

    /// <summary>
    /// Rule 1 with rule 2: reserves <paramref name="number"/> for this organization, and a nominated main number becomes
    /// the one it holds (refused with <c>main-number-already-held</c> while it holds another). The number's own refusals
    /// come first. On a refusal neither changes. False in <c>Value</c> when this organization's row need not be written
    /// (an ordinary number).
    /// </summary>
    public Result<bool> Allocate(PhoneNumber number, DateTimeOffset now)
    {
        if (number.RefuseAllocation(now) is { } refused)
        {
            return refused;
        }

        if (number.IsMainNumber && HoldMainNumber(number.Number) is { IsSuccess: false } held)
        {
            return held.Error!;
        }

        var allocated = number.Allocate(Allocation, now);
        return allocated.IsSuccess ? number.IsMainNumber : allocated.Error!;
    }

    /// <summary>
    /// Rule 4 with rule 10: starts putting <paramref name="number"/>, allocated to this organization, into service, taking
    /// one of its voice services (<c>no-voice-service</c> when none is free). The number's own refusals come first. On a
    /// refusal neither changes.
    /// </summary>
    public Result<Done> StartActivation(PhoneNumber number, string operationId, DateTimeOffset now)
    {
        if (number.RefuseActivation(now) is { } refused)
        {
            return refused;
        }

        var taken = TakeVoiceService();
        return taken.IsSuccess ? number.StartActivation(operationId, now) : taken;
    }

    /// <summary>
    /// Rule 3 with rule 2: deallocates <paramref name="number"/>, and a main number this organization holds is let go
    /// with it. On a refusal (the number's) neither changes. False in <c>Value</c> when this organization's row need not
    /// be written.
    /// </summary>
    public Result<bool> Deallocate(PhoneNumber number, TimeSpan coolingOffPeriod, DateTimeOffset now)
    {
        var deallocated = number.Deallocate(coolingOffPeriod, now);
        return deallocated.IsSuccess ? number.IsMainNumber && ReleaseMainNumber(number.Number) : deallocated.Error!;
    }
}
