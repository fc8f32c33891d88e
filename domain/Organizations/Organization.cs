using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Organizations;

/// <summary>
/// The operator of a site or one of its occupiers: its voice-service entitlement and the main number it holds.
/// Stored beside the site's numbers so a number's change and its organization's change commit together.
/// </summary>
public sealed class Organization
{
    public Organization(string siteId, string organizationId, string? name)
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
    public string? Name { get; set; }

    /// <summary>How many voice services the organization is entitled to.</summary>
    public int VoiceServices { get; set; }

    /// <summary>Whether one of its voice services asks for a main number.</summary>
    public bool MainNumberService { get; set; }

    /// <summary>The nominated main number allocated to it, if any (at most one, rule 2).</summary>
    public string? MainNumber { get; set; }

    /// <summary>How many numbers hold one of its voice services (ACTIVE, or being activated).</summary>
    public int VoiceServicesInUse { get; set; }

    public string? StoreVersion { get; set; }

    public static Organization Operator(string siteId) => new(siteId, Allocation.OperatorId, null);

    public bool HasFreeVoiceService => VoiceServicesInUse < VoiceServices;
}
