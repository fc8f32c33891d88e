using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Common;
using Telephony.Domain.Events;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Infrastructure.Tables;

internal static class EntityMapping
{
    public static PhoneNumberEntity ToEntity(this PhoneNumber n) => new()
    {
        PartitionKey = n.SiteId,
        RowKey = Keys.Number(n.Number),
        ETag = n.StoreVersion is null ? default : new ETag(n.StoreVersion),
        Number = n.Number,
        Extension = n.Extension,
        RangeName = n.RangeName,
        Status = n.Status.ToWire(),
        AllocationType = n.Allocation is null ? "none" : n.Allocation.Kind == OrganizationKind.Operator ? "operator" : "occupier",
        OccupierId = n.Allocation?.OccupierId,
        Assigned = n.Assignment is not null,
        AssignedUserId = n.Assignment?.UserId,
        AssignedDisplayName = n.Assignment?.DisplayName,
        CoolingOffUntil = n.CoolingOffUntil,
        IsMainNumber = n.IsMainNumber,
        Locked = n.Locked,
        LockReason = n.LockReason,
        PendingKind = n.PendingOperation?.Kind.ToWire(),
        PendingOperationId = n.PendingOperation?.OperationId,
        PendingStartedAt = n.PendingOperation?.StartedAt,
        PendingPreviousStatus = n.PendingOperation?.PreviousStatus.ToWire(),
        LastFailureKind = n.LastFailure?.Kind.ToWire(),
        LastFailureReason = n.LastFailure?.Reason,
        LastFailureAt = n.LastFailure?.At,
        InServiceDuringAllocation = n.InServiceDuringAllocation,
        Sequence = n.Sequence,
    };

    public static PhoneNumber ToDomain(this PhoneNumberEntity e) => PhoneNumber.Restore(new PhoneNumberSnapshot(
        e.PartitionKey,
        e.Number,
        e.Extension,
        e.RangeName,
        PhoneNumberStatusNames.Parse(e.Status),
        e.AllocationType switch
        {
            "operator" => Allocation.Operator,
            "occupier" when e.OccupierId is not null => Allocation.Occupier(e.OccupierId),
            _ => null,
        },
        e.AssignedUserId is null ? null : new Assignment(e.AssignedUserId, e.AssignedDisplayName ?? ""),
        e.CoolingOffUntil,
        e.IsMainNumber,
        e.Locked,
        e.LockReason,
        e.PendingOperationId is null
            ? null
            : new PendingOperation(
                OperationKindNames.Parse(e.PendingKind!), e.PendingOperationId, e.PendingStartedAt!.Value,
                PhoneNumberStatusNames.Parse(e.PendingPreviousStatus!)),
        e.LastFailureKind is null ? null : new LastFailure(OperationKindNames.Parse(e.LastFailureKind), e.LastFailureReason ?? "", e.LastFailureAt!.Value),
        e.InServiceDuringAllocation,
        e.Sequence,
        e.ETag.ToString()));

    public static PhoneNumberEventEntity ToEntity(this PhoneNumberEvent e) => new()
    {
        PartitionKey = e.SiteId,
        RowKey = Keys.Event(e.Number, e.Sequence),
        EventId = e.EventId,
        Change = e.Change,
        Number = e.Number,
        Sequence = e.Sequence,
        Time = e.Time,
        PreviousStatus = e.PreviousStatus?.ToWire(),
        Status = e.Status.ToWire(),
        OrganizationId = e.OrganizationId,
        OperationId = e.OperationId,
        ActorType = e.Actor.Type,
        ActorName = e.Actor.Name,
    };

    /// <summary>
    /// The event's activity row, added in the transaction of the change (with the event's outbox note, which is the
    /// event's record until it is published).
    /// </summary>
    public static TableTransactionAction ActivityRow(this PhoneNumberEvent e)
    {
        var activity = e.ToEntity();
        activity.RowKey = Keys.ActivityPrefix + Keys.ActivityPosition(e);
        activity.ActorKey = ActivityFilter.ActorKey(e.Actor.Name);
        return new TableTransactionAction(TableTransactionActionType.Add, activity);
    }

    public static PhoneNumberEvent ToDomain(this PhoneNumberEventEntity e) => new(
        e.EventId, e.Change, e.PartitionKey, e.Number, e.Sequence, e.Time,
        e.PreviousStatus is null ? null : PhoneNumberStatusNames.Parse(e.PreviousStatus),
        PhoneNumberStatusNames.Parse(e.Status), e.OrganizationId, e.OperationId,
        e.ActorType is null || e.ActorName is null ? Actor.Unknown : new Actor(e.ActorType, e.ActorName));

    public static OrganizationEntity ToEntity(this Organization o) => new()
    {
        PartitionKey = o.SiteId,
        RowKey = Keys.Organization(o.OrganizationId),
        ETag = o.StoreVersion is null ? default : new ETag(o.StoreVersion),
        OrganizationId = o.OrganizationId,
        Name = o.Name,
        VoiceServices = o.VoiceServices,
        MainNumberService = o.MainNumberService,
        MainNumber = o.MainNumber,
        VoiceServicesInUse = o.VoiceServicesInUse,
    };

    public static Organization ToDomain(this OrganizationEntity e) => Organization.Restore(
        e.PartitionKey, e.OrganizationId, e.Name, e.VoiceServices, e.MainNumberService, e.MainNumber, e.VoiceServicesInUse, e.ETag.ToString());

    public static SiteEntity ToEntity(this Site s) => new()
    {
        PartitionKey = s.SiteId,
        ETag = s.StoreVersion is null ? default : new ETag(s.StoreVersion),
        CoolingOffDays = s.CoolingOffDays,
        DefaultRegion = s.DefaultRegion,
        AutoNominateMainNumber = s.AutoNominateMainNumber,
        Name = s.Name,
        OperatorName = s.OperatorName,
    };

    public static Site ToDomain(this SiteEntity e) => new(e.PartitionKey)
    {
        CoolingOffDays = e.CoolingOffDays,
        DefaultRegion = e.DefaultRegion,
        AutoNominateMainNumber = e.AutoNominateMainNumber,
        Name = e.Name,
        OperatorName = e.OperatorName,
        StoreVersion = e.ETag.ToString(),
    };
}
