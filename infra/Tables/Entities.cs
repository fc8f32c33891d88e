using Azure;
using Azure.Data.Tables;

namespace Telephony.Infrastructure.Tables;

/// <summary>The stored shape of a number; mapped to and from the domain in <see cref="EntityMapping"/>.</summary>
public sealed class PhoneNumberEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Number { get; set; } = "";
    public string Extension { get; set; } = "";
    public string? RangeName { get; set; }
    public string Status { get; set; } = "";
    /// <summary>
    /// <c>none</c>, <c>operator</c> or <c>occupier</c>. Never null: Table queries cannot select an absent property.
    /// </summary>
    public string AllocationType { get; set; } = "none";
    public string? OccupierId { get; set; }
    public bool Assigned { get; set; }
    public string? AssignedUserId { get; set; }
    public string? AssignedDisplayName { get; set; }
    public DateTimeOffset? CoolingOffUntil { get; set; }
    public bool IsMainNumber { get; set; }
    public bool Locked { get; set; }
    public string? LockReason { get; set; }
    public string? PendingKind { get; set; }
    public string? PendingOperationId { get; set; }
    public DateTimeOffset? PendingStartedAt { get; set; }
    public string? PendingPreviousStatus { get; set; }
    public string? LastFailureKind { get; set; }
    public string? LastFailureReason { get; set; }
    public DateTimeOffset? LastFailureAt { get; set; }
    public bool InServiceDuringAllocation { get; set; }
    public long Sequence { get; set; }
}

/// <summary>
/// An event as stored: its outbox note (<c>out|</c>, written in the same transaction as the change it records), its record
/// (<c>evt|</c>, written when it is published) and its activity row (<c>act|</c>).
/// </summary>
public sealed class PhoneNumberEventEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string Change { get; set; } = "";
    public string Number { get; set; } = "";
    public long Sequence { get; set; }
    public DateTimeOffset Time { get; set; }
    public string? PreviousStatus { get; set; }
    public string Status { get; set; } = "";
    public string? OrganizationId { get; set; }
    public string? OperationId { get; set; }
    /// <summary><c>user</c> or <c>system</c>; null on events recorded before actors were.</summary>
    public string? ActorType { get; set; }
    public string? ActorName { get; set; }
    /// <summary>
    /// On the activity row only (<c>act|</c>): the actor's name as the activity's actor filter matches it
    /// (<see cref="Telephony.Domain.Events.ActivityFilter.ActorKey"/>), so storage matches any case. Null elsewhere.
    /// </summary>
    public string? ActorKey { get; set; }
    /// <summary>True on a record (a published event); false on a note, and on a record the previous version wrote at the commit.</summary>
    public bool Published { get; set; }
}

public sealed class OrganizationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string OrganizationId { get; set; } = "";
    public string? Name { get; set; }
    public int VoiceServices { get; set; }
    public bool MainNumberService { get; set; }
    public string? MainNumber { get; set; }
    public int VoiceServicesInUse { get; set; }
}

public sealed class SiteEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Keys.Site;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int? CoolingOffDays { get; set; }
    public string? DefaultRegion { get; set; }
    public bool AutoNominateMainNumber { get; set; }
    public string? Name { get; set; }
    public string? OperatorName { get; set; }
}
