using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Events;

public static class PhoneNumberEventTypes
{
    public const string Prefix = "telephony.phone-number.";
    public const string Version = ".v1";

    public const string Provisioned = "provisioned";
    public const string Allocated = "allocated";
    public const string Deallocated = "deallocated";
    public const string ActivationStarted = "activation-started";
    public const string Activated = "activated";
    public const string ActivationFailed = "activation-failed";
    public const string DeactivationStarted = "deactivation-started";
    public const string Deactivated = "deactivated";
    public const string DeactivationFailed = "deactivation-failed";
    public const string Assigned = "assigned";
    public const string Unassigned = "unassigned";
    public const string CoolingOffStarted = "cooling-off-started";
    public const string CoolingOffLifted = "cooling-off-lifted";
    public const string Released = "released";
    public const string Locked = "locked";
    public const string Unlocked = "unlocked";
    public const string MainNumberNominated = "main-number-nominated";
    public const string MainNumberWithdrawn = "main-number-withdrawn";
    public const string Removed = "removed";

    public static IReadOnlyList<string> All { get; } =
    [
        Provisioned, Allocated, Deallocated, ActivationStarted, Activated, ActivationFailed, DeactivationStarted,
        Deactivated, DeactivationFailed, Assigned, Unassigned, CoolingOffStarted, CoolingOffLifted, Released, Locked,
        Unlocked, MainNumberNominated, MainNumberWithdrawn, Removed,
    ];

    public static string ToCloudEventType(string change) => Prefix + change + Version;
}

public sealed record PhoneNumberEvent(
    string EventId,
    string Change,
    string SiteId,
    string Number,
    long Sequence,
    DateTimeOffset Time,
    PhoneNumberStatus? PreviousStatus,
    PhoneNumberStatus Status,
    string? OrganizationId,
    string? OperationId,
    Actor Actor)
{
    public string Type => PhoneNumberEventTypes.ToCloudEventType(Change);
}
