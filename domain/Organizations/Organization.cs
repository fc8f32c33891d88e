using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Organizations;

// The operator or an occupier. Stored beside the site's numbers so a number's change and its organization's commit together.
// It owns rule 10's voice-service count and rule 2's main number; state changes only through the methods below.
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

    public string OrganizationId { get; }

    public OrganizationKind Kind => OrganizationId == Allocation.OperatorId ? OrganizationKind.Operator : OrganizationKind.Occupier;

    public Allocation Allocation => Kind == OrganizationKind.Operator ? Allocation.Operator : Allocation.Occupier(OrganizationId);

    public string? Name { get; private set; }

    public int VoiceServices { get; private set; }

    public bool MainNumberService { get; private set; }

    public string? MainNumber { get; private set; }

    // ACTIVE, or being activated.
    public int VoiceServicesInUse { get; private set; }

    public string? StoreVersion { get; internal set; }

    // It has no row until its voice services are set.
    public static Organization Operator(string siteId) => new(siteId, Allocation.OperatorId, null);

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

    public static DomainError? RefuseVoiceServices(int voiceServices) =>
        voiceServices is < 0 or > MaxVoiceServices ? Errors.InvalidRequest($"voiceServices must be between 0 and {MaxVoiceServices}.") : null;

    // Not below the number in use: a service cannot be taken from an ACTIVE number.
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

    internal Result<Done> TakeVoiceService()
    {
        if (!HasFreeVoiceService)
        {
            return Errors.NoVoiceService(Allocation.ToString());
        }

        VoiceServicesInUse++;
        return Done.Value;
    }

    public void ReleaseVoiceService() => VoiceServicesInUse = Math.Max(0, VoiceServicesInUse - 1);

    internal Result<Done> HoldMainNumber(string number)
    {
        if (MainNumber is not null && MainNumber != number)
        {
            return Errors.MainNumberAlreadyHeld(Allocation.ToString(), MainNumber);
        }

        MainNumber = number;
        return Done.Value;
    }

    internal bool ReleaseMainNumber(string number)
    {
        if (MainNumber != number)
        {
            return false;
        }

        MainNumber = null;
        return true;
    }

    // The number's own refusals come first; on a refusal neither changes. False when this row need not be written.
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

    public Result<Done> StartActivation(PhoneNumber number, string operationId, DateTimeOffset now)
    {
        if (number.RefuseActivation(now) is { } refused)
        {
            return refused;
        }

        var taken = TakeVoiceService();
        return taken.IsSuccess ? number.StartActivation(operationId, now) : taken;
    }

    public Result<bool> Deallocate(PhoneNumber number, TimeSpan coolingOffPeriod, DateTimeOffset now)
    {
        var deallocated = number.Deallocate(coolingOffPeriod, now);
        return deallocated.IsSuccess ? number.IsMainNumber && ReleaseMainNumber(number.Number) : deallocated.Error!;
    }
}
