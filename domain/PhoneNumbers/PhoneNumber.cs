using Telephony.Domain.Administration;
using Telephony.Domain.Common;
using Telephony.Domain.Events;
using Telephony.Domain.Organizations;

namespace Telephony.Domain.PhoneNumbers;

// Each successful change advances Sequence by one and records exactly one event.
public sealed class PhoneNumber
{
    private readonly List<PhoneNumberEvent> _newEvents = [];

    private PhoneNumber(string siteId, string number)
    {
        SiteId = siteId;
        Number = number;
    }

    public string SiteId { get; }

    public string Number { get; }

    public string Extension { get; private set; } = "";

    public string? RangeName { get; private set; }

    public PhoneNumberStatus Status { get; private set; }

    public Allocation? Allocation { get; private set; }

    public Assignment? Assignment { get; private set; }

    public DateTimeOffset? CoolingOffUntil { get; private set; }

    public bool IsMainNumber { get; private set; }

    public bool Locked { get; private set; }

    public string? LockReason { get; private set; }

    public PendingOperation? PendingOperation { get; private set; }

    public LastFailure? LastFailure { get; private set; }

    // Decides cooldown on deallocation.
    public bool InServiceDuringAllocation { get; private set; }

    public long Sequence { get; private set; }

    // Opaque to the domain.
    public string? StoreVersion { get; internal set; }

    // Stored with the number in one transaction.
    public IReadOnlyList<PhoneNumberEvent> NewEvents => _newEvents;

    public bool UpdateInProgress => PendingOperation is not null;

    public bool CoolingOffInForce(DateTimeOffset now) => CoolingOffUntil is { } until && until > now;

    public static PhoneNumber Provision(
        string siteId, string number, string extension, string? rangeName, bool isMainNumber,
        DateTimeOffset? coolingOffUntil, bool locked, string? lockReason, DateTimeOffset now, long previousSequence = 0)
    {
        var phoneNumber = new PhoneNumber(siteId, number)
        {
            Extension = extension,
            RangeName = rangeName,
            IsMainNumber = isMainNumber,
            Locked = locked,
            LockReason = locked ? lockReason : null,
            Sequence = previousSequence,
        };
        var coolingOff = coolingOffUntil is { } until && until > now;
        phoneNumber.Status = coolingOff ? PhoneNumberStatus.Cooldown : PhoneNumberStatus.Available;
        phoneNumber.CoolingOffUntil = coolingOff ? coolingOffUntil : null;
        phoneNumber.Record(PhoneNumberEventTypes.Provisioned, null, now, null);
        return phoneNumber;
    }

    // No rule runs and no event is recorded.
    internal static PhoneNumber Restore(PhoneNumberSnapshot s) => new(s.SiteId, s.Number)
    {
        Extension = s.Extension,
        RangeName = s.RangeName,
        Status = s.Status,
        Allocation = s.Allocation,
        Assignment = s.Assignment,
        CoolingOffUntil = s.CoolingOffUntil,
        IsMainNumber = s.IsMainNumber,
        Locked = s.Locked,
        LockReason = s.LockReason,
        PendingOperation = s.PendingOperation,
        LastFailure = s.LastFailure,
        InServiceDuringAllocation = s.InServiceDuringAllocation,
        Sequence = s.Sequence,
        StoreVersion = s.StoreVersion,
    };

    public PhoneNumberSnapshot ToSnapshot() => new(
        SiteId, Number, Extension, RangeName, Status, Allocation, Assignment, CoolingOffUntil, IsMainNumber, Locked,
        LockReason, PendingOperation, LastFailure, InServiceDuringAllocation, Sequence, StoreVersion);

    // Rule 11: a UI offers exactly these, so each is listed only when it would be accepted.
    public IReadOnlyList<AllowedAction> AllowedActions(DateTimeOffset now, Organization? holder)
    {
        if (UpdateInProgress || Locked)
        {
            return [];
        }

        var actions = new List<AllowedAction>(2);
        switch (Status)
        {
            case PhoneNumberStatus.Available or PhoneNumberStatus.Cooldown when !CoolingOffInForce(now):
                actions.Add(AllowedAction.Allocate);
                break;
            case PhoneNumberStatus.Reserved:
                actions.Add(AllowedAction.Deallocate);
                if (!CoolingOffInForce(now) && holder is { HasFreeVoiceService: true } && holder.OrganizationId == Allocation?.OrganizationId)
                {
                    actions.Add(AllowedAction.Activate);
                }

                break;
            case PhoneNumberStatus.Active when Assignment is null:
                actions.Add(AllowedAction.Deactivate);
                if (!IsMainNumber)
                {
                    actions.Add(AllowedAction.Assign);
                }

                break;
            case PhoneNumberStatus.Active:
                actions.Add(AllowedAction.Unassign);
                break;
        }

        return actions;
    }

    public DomainError? RefuseAllocation(DateTimeOffset now)
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (CoolingOffInForce(now))
        {
            return Errors.CoolingOffInForce(Number, CoolingOffUntil!.Value);
        }

        return Status is PhoneNumberStatus.Available or PhoneNumberStatus.Cooldown ? null : Errors.NotAvailable(Number, Status);
    }

    // Internal: Organization.Allocate is the way in, since a nominated main number also becomes the organization's (rule 2).
    internal Result<Done> Allocate(Allocation allocation, DateTimeOffset now)
    {
        if (RefuseAllocation(now) is { } refusal)
        {
            return refusal;
        }

        var previous = Status;
        Status = PhoneNumberStatus.Reserved;
        Allocation = allocation;
        CoolingOffUntil = null;
        InServiceDuringAllocation = false;
        LastFailure = null;
        Record(PhoneNumberEventTypes.Allocated, previous, now, null);
        return Done.Value;
    }

    public Result<Done> Deallocate(TimeSpan coolingOffPeriod, DateTimeOffset now)
    {
        if (RefuseDeallocation() is { } refusal)
        {
            return refusal;
        }

        var organization = Allocation?.OrganizationId;
        var coolsOff = InServiceDuringAllocation && coolingOffPeriod > TimeSpan.Zero;
        Status = coolsOff ? PhoneNumberStatus.Cooldown : PhoneNumberStatus.Available;
        CoolingOffUntil = coolsOff ? now + coolingOffPeriod : null;
        Allocation = null;
        InServiceDuringAllocation = false;
        LastFailure = null;
        Record(PhoneNumberEventTypes.Deallocated, PhoneNumberStatus.Reserved, now, null, organization);
        return Done.Value;
    }

    public DomainError? RefuseDeallocation()
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (Status == PhoneNumberStatus.Active)
        {
            return Errors.NumberActive(Number);
        }

        return Status == PhoneNumberStatus.Reserved ? null : Errors.NotReserved(Number, Status);
    }

    public DomainError? RefuseActivation(DateTimeOffset now)
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (Status != PhoneNumberStatus.Reserved)
        {
            return Errors.NotReserved(Number, Status);
        }

        return CoolingOffInForce(now) ? Errors.CoolingOffInForce(Number, CoolingOffUntil!.Value) : null;
    }

    // Internal: Organization.StartActivation is the way in, since it takes a voice service (rule 10).
    internal Result<Done> StartActivation(string operationId, DateTimeOffset now)
    {
        if (RefuseActivation(now) is { } refusal)
        {
            return refusal;
        }

        return StartOperation(OperationKind.Activation, operationId, now, PhoneNumberEventTypes.ActivationStarted);
    }

    public Result<Done> StartDeactivation(string operationId, DateTimeOffset now)
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (Status != PhoneNumberStatus.Active)
        {
            return Errors.NotActive(Number, Status);
        }

        if (Assignment is not null)
        {
            return Errors.NumberAssigned(Number);
        }

        return StartOperation(OperationKind.Deactivation, operationId, now, PhoneNumberEventTypes.DeactivationStarted);
    }

    // Idempotent: false when operationId is not the one running, so a re-run activity changes nothing twice.
    public bool CompleteOperation(string operationId, DateTimeOffset now, string? unfinished = null)
    {
        if (PendingOperation is not { } pending || pending.OperationId != operationId)
        {
            return false;
        }

        PendingOperation = null;
        LastFailure = unfinished is null ? null : new LastFailure(pending.Kind, unfinished, now);
        if (pending.Kind == OperationKind.Activation)
        {
            Status = PhoneNumberStatus.Active;
            InServiceDuringAllocation = true;
            Record(PhoneNumberEventTypes.Activated, PhoneNumberStatus.Pending, now, operationId);
        }
        else
        {
            Status = PhoneNumberStatus.Reserved;
            Assignment = null;
            Record(PhoneNumberEventTypes.Deactivated, PhoneNumberStatus.Pending, now, operationId);
        }

        return true;
    }

    public bool FailOperation(string operationId, string reason, DateTimeOffset now)
    {
        if (PendingOperation is not { } pending || pending.OperationId != operationId)
        {
            return false;
        }

        PendingOperation = null;
        Status = pending.PreviousStatus;
        LastFailure = new LastFailure(pending.Kind, reason, now);
        var change = pending.Kind == OperationKind.Activation
            ? PhoneNumberEventTypes.ActivationFailed
            : PhoneNumberEventTypes.DeactivationFailed;
        Record(change, PhoneNumberStatus.Pending, now, operationId);
        return true;
    }

    public Result<Done> Assign(Assignment assignment, DateTimeOffset now)
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (Status != PhoneNumberStatus.Active)
        {
            return Errors.NotActive(Number, Status);
        }

        if (IsMainNumber)
        {
            return Errors.MainNumberNotAssignable(Number);
        }

        if (Assignment is not null)
        {
            return Errors.NumberAssigned(Number);
        }

        Assignment = assignment;
        Record(PhoneNumberEventTypes.Assigned, Status, now, null);
        return Done.Value;
    }

    public Result<Done> Unassign(DateTimeOffset now)
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (Status != PhoneNumberStatus.Active)
        {
            return Errors.NotActive(Number, Status);
        }

        if (Assignment is null)
        {
            return Errors.NotAssigned(Number);
        }

        Assignment = null;
        Record(PhoneNumberEventTypes.Unassigned, Status, now, null);
        return Done.Value;
    }

    public bool ReleaseFromCoolingOff(DateTimeOffset now)
    {
        if (Status != PhoneNumberStatus.Cooldown || CoolingOffInForce(now) || UpdateInProgress)
        {
            return false;
        }

        Status = PhoneNumberStatus.Available;
        CoolingOffUntil = null;
        Record(PhoneNumberEventTypes.Released, PhoneNumberStatus.Cooldown, now, null);
        return true;
    }

    public Result<Done> StartCoolingOff(DateTimeOffset until, DateTimeOffset now)
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (until <= now)
        {
            return Errors.CoolingOffDateNotInFuture(until);
        }

        if (Status is not (PhoneNumberStatus.Available or PhoneNumberStatus.Cooldown))
        {
            return Errors.NumberInUse(Number, Status);
        }

        var previous = Status;
        Status = PhoneNumberStatus.Cooldown;
        CoolingOffUntil = until;
        Record(PhoneNumberEventTypes.CoolingOffStarted, previous, now, null);
        return Done.Value;
    }

    public Result<Done> LiftCoolingOff(DateTimeOffset now)
    {
        if (UpdateInProgress)
        {
            return Errors.UpdateInProgress(Number);
        }

        if (Status != PhoneNumberStatus.Cooldown)
        {
            return Errors.NotCoolingOff(Number, Status);
        }

        Status = PhoneNumberStatus.Available;
        CoolingOffUntil = null;
        Record(PhoneNumberEventTypes.CoolingOffLifted, PhoneNumberStatus.Cooldown, now, null);
        return Done.Value;
    }

    // Only an unallocated number, so no organization holds a main number it did not allocate as one.
    public Result<Done> NominateMainNumber(DateTimeOffset now)
    {
        if (UpdateInProgress)
        {
            return Errors.UpdateInProgress(Number);
        }

        if (IsMainNumber)
        {
            return Errors.AlreadyMainNumber(Number);
        }

        if (Allocation is not null)
        {
            return Errors.NumberAllocated(Number, Status);
        }

        IsMainNumber = true;
        Record(PhoneNumberEventTypes.MainNumberNominated, Status, now, null);
        return Done.Value;
    }

    public Result<Done> WithdrawMainNumber(DateTimeOffset now)
    {
        if (UpdateInProgress)
        {
            return Errors.UpdateInProgress(Number);
        }

        if (!IsMainNumber)
        {
            return Errors.NotMainNumber(Number);
        }

        if (Allocation is not null)
        {
            return Errors.MainNumberInUse(Number, Allocation);
        }

        IsMainNumber = false;
        Record(PhoneNumberEventTypes.MainNumberWithdrawn, Status, now, null);
        return Done.Value;
    }

    public Result<Done> Lock(string reason, DateTimeOffset now)
    {
        if (UpdateInProgress)
        {
            return Errors.UpdateInProgress(Number);
        }

        if (Locked)
        {
            return Errors.NumberLocked(Number, LockReason);
        }

        Locked = true;
        LockReason = reason;
        Record(PhoneNumberEventTypes.Locked, Status, now, null);
        return Done.Value;
    }

    public Result<Done> Unlock(DateTimeOffset now)
    {
        if (UpdateInProgress)
        {
            return Errors.UpdateInProgress(Number);
        }

        if (!Locked)
        {
            return Errors.NotLocked(Number);
        }

        Locked = false;
        LockReason = null;
        Record(PhoneNumberEventTypes.Unlocked, Status, now, null);
        return Done.Value;
    }

    public Result<Done> Remove(DateTimeOffset now)
    {
        if (RefuseWhileLockedOrPending() is { } refusal)
        {
            return refusal;
        }

        if (Status != PhoneNumberStatus.Available)
        {
            return Errors.NotAvailable(Number, Status, removal: true);
        }

        Record(PhoneNumberEventTypes.Removed, Status, now, null);
        return Done.Value;
    }

    private Result<Done> StartOperation(OperationKind kind, string operationId, DateTimeOffset now, string change)
    {
        var previous = Status;
        PendingOperation = new PendingOperation(kind, operationId, now, previous);
        Status = PhoneNumberStatus.Pending;
        Record(change, previous, now, operationId);
        return Done.Value;
    }

    private DomainError? RefuseWhileLockedOrPending()
    {
        if (UpdateInProgress)
        {
            return Errors.UpdateInProgress(Number);
        }

        return Locked ? Errors.NumberLocked(Number, LockReason) : null;
    }

    private void Record(string change, PhoneNumberStatus? previous, DateTimeOffset now, string? operationId, string? organizationId = null)
    {
        Sequence++;
        _newEvents.Add(new PhoneNumberEvent(
            Guid.CreateVersion7(now).ToString(), change, SiteId, Number, Sequence, now, previous, Status,
            organizationId ?? Allocation?.OrganizationId, operationId ?? PendingOperation?.OperationId, CurrentActor.Value));
    }

    public void MarkEventsStored() => _newEvents.Clear();
}

public sealed record PhoneNumberSnapshot(
    string SiteId,
    string Number,
    string Extension,
    string? RangeName,
    PhoneNumberStatus Status,
    Allocation? Allocation,
    Assignment? Assignment,
    DateTimeOffset? CoolingOffUntil,
    bool IsMainNumber,
    bool Locked,
    string? LockReason,
    PendingOperation? PendingOperation,
    LastFailure? LastFailure,
    bool InServiceDuringAllocation,
    long Sequence,
    string? StoreVersion);
