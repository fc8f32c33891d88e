using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Common;

/// <summary>Every refusal the product gives, with its stable code. The codes are part of the public contract.</summary>
public static class Errors
{
    public static DomainError InvalidRequest(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new("invalid-request", "The request is not valid.", detail, ErrorKind.Invalid) { Errors = errors };

    public static DomainError InvalidNumber(string input) =>
        new("invalid-number", "The phone number is not valid.", $"'{Truncate(input)}' is not a phone number that can be read as E.164.", ErrorKind.Invalid);

    public static DomainError SiteNotFound(string siteId) =>
        new("site-not-found", "The site is not known.", $"No site '{siteId}' is known: import numbers into it or save its settings first.", ErrorKind.NotFound);

    public static DomainError NumberNotFound(string number) =>
        new("number-not-found", "The phone number is not provisioned at this site.", $"{number} is not provisioned at this site.", ErrorKind.NotFound);

    public static DomainError OccupierNotFound(string occupierId) =>
        new("occupier-not-found", "The occupier is not known at this site.", $"No occupier '{occupierId}' exists at this site.", ErrorKind.NotFound);

    public static DomainError UpdateInProgress(string number) =>
        new("update-in-progress", "An update is in progress.", $"A change to {number} is in progress; no other edit is accepted until it completes.", ErrorKind.Conflict);

    public static DomainError NumberLocked(string number, string? reason) =>
        new("number-locked", "The phone number is locked.", reason is null ? $"{number} is locked by the platform." : $"{number} is locked by the platform: {reason}", ErrorKind.Conflict);

    public static DomainError CoolingOffInForce(string number, DateTimeOffset until) =>
        new("cooling-off-in-force", "A cooling-off period is in force.", $"{number} is cooling off until {until:O}.", ErrorKind.Conflict);

    public static DomainError NotAvailable(string number, PhoneNumberStatus status) =>
        new("not-available", "The phone number is not available.", $"{number} is {status.ToWire()}; only an AVAILABLE number can be allocated.", ErrorKind.Conflict);

    public static DomainError NotReserved(string number, PhoneNumberStatus status) =>
        new("not-reserved", "The phone number is not reserved.", $"{number} is {status.ToWire()}; only a RESERVED number (allocated, not activated) can be changed this way.", ErrorKind.Conflict);

    public static DomainError NumberActive(string number) =>
        new("number-active", "The phone number is active.", $"{number} is ACTIVE; deactivate it before deallocating it.", ErrorKind.Conflict);

    public static DomainError NotActive(string number, PhoneNumberStatus status) =>
        new("not-active", "The phone number is not active.", $"{number} is {status.ToWire()}; only an ACTIVE number can be changed this way.", ErrorKind.Conflict);

    public static DomainError NumberAssigned(string number) =>
        new("number-assigned", "The phone number is assigned to a user.", $"{number} is assigned to a user; unassign it first.", ErrorKind.Conflict);

    public static DomainError NotAssigned(string number) =>
        new("not-assigned", "The phone number is not assigned.", $"{number} is not assigned to a user.", ErrorKind.Conflict);

    public static DomainError MainNumberNotAssignable(string number) =>
        new("main-number-not-assignable", "A main number cannot be assigned.", $"{number} is a main number: main numbers are inbound-only and never assigned to a user.", ErrorKind.Conflict);

    public static DomainError MainNumberAlreadyHeld(string organization, string mainNumber) =>
        new("main-number-already-held", "The organization already holds a main number.", $"{organization} already holds main number {mainNumber}; an organization holds at most one main number.", ErrorKind.Conflict);

    public static DomainError NoVoiceService(string organization) =>
        new("no-voice-service", "No voice-service entitlement is free.", $"{organization} has no unused voice-service entitlement.", ErrorKind.Conflict);

    public static DomainError VoiceServicesInUse(string organization, int inUse, int requested) =>
        new("voice-services-in-use", "Voice services are in use.",
            $"{organization} has {inUse} active number(s); deactivate {inUse - requested} before reducing its voice services to {requested}.",
            ErrorKind.Conflict);

    public static DomainError CoolingOffDateNotInFuture(DateTimeOffset until) =>
        new("cooling-off-date-in-past", "The cooling-off date has passed.", $"coolingOffUntil {until:O} is not in the future.", ErrorKind.Invalid);

    public static DomainError NumberInUse(string number, PhoneNumberStatus status) =>
        new("number-in-use", "The phone number is in use.", $"{number} is {status.ToWire()}; a cooling-off period can only be set on an AVAILABLE or COOLDOWN number.", ErrorKind.Conflict);

    public static DomainError NotCoolingOff(string number, PhoneNumberStatus status) =>
        new("not-cooling-off", "The phone number is not cooling off.", $"{number} is {status.ToWire()}; only a COOLDOWN number's cooling-off can be lifted.", ErrorKind.Conflict);

    public static DomainError ConcurrentUpdate(string number) =>
        new("concurrent-update", "The phone number was changed by another request.", $"{number} kept changing while this request ran; read it again and retry.", ErrorKind.Conflict);

    public static DomainError PreconditionFailed(string number) =>
        new("precondition-failed", "The phone number changed since it was read.", $"{number} changed since the ETag given in If-Match was read; read it again.", ErrorKind.PreconditionFailed);

    public static DomainError StorageUnavailable() =>
        new("storage-unavailable", "The service's storage is unavailable.",
            "Storage or the event broker did not answer in time; nothing was changed unless a retry with the same Idempotency-Key says otherwise. Retry after the time in Retry-After.",
            ErrorKind.Unavailable);

    public static DomainError Unexpected(string traceId) =>
        new("unexpected-error", "An unexpected error occurred.", $"The request failed unexpectedly; quote trace id {traceId} when reporting it.", ErrorKind.Unexpected);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
