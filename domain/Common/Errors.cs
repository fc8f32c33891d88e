using Telephony.Domain.Activation;
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

    /// <param name="removal">Whether a removal from the site was refused (it also needs the number unlocked), not an allocation.</param>
    public static DomainError NotAvailable(string number, PhoneNumberStatus status, bool removal = false) =>
        new("not-available", "The phone number is not available.",
            removal
                ? $"{number} is {status.ToWire()}; only an AVAILABLE, unlocked number can be removed from the site."
                : $"{number} is {status.ToWire()}; only an AVAILABLE number can be allocated.",
            ErrorKind.Conflict);

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

    // Platform administration: main numbers, locks, automatic allocation, bulk and import.

    public static DomainError AlreadyMainNumber(string number) =>
        new("already-main-number", "The phone number is already a main number.", $"{number} is already nominated as a main number.", ErrorKind.Conflict);

    public static DomainError NotMainNumber(string number) =>
        new("not-main-number", "The phone number is not a main number.", $"{number} is not nominated as a main number.", ErrorKind.Conflict);

    public static DomainError NumberAllocated(string number, PhoneNumberStatus status) =>
        new("number-allocated", "The phone number is allocated.", $"{number} is {status.ToWire()} and allocated; only an unallocated number can be nominated as a main number.", ErrorKind.Conflict);

    public static DomainError MainNumberInUse(string number, Allocation holder) =>
        new("main-number-in-use", "The main number is in use.", $"{number} is the main number of {holder}; deallocate it before withdrawing the nomination.", ErrorKind.Conflict);

    public static DomainError NotLocked(string number) =>
        new("not-locked", "The phone number is not locked.", $"{number} is not locked.", ErrorKind.Conflict);

    public static DomainError NoNumberAvailable(string organization) =>
        new("no-number-available", "No phone number is available.", $"No AVAILABLE number is left at this site to allocate to {organization}; nothing was changed.", ErrorKind.Conflict);

    public static DomainError NoMainNumberAvailable(string organization) =>
        new("no-main-number-available", "No main number is available.", $"{organization} asks for a main number but no nominated main number is AVAILABLE and the site does not nominate one automatically; nothing was changed.", ErrorKind.Conflict);

    public static DomainError TooManyOperations(int count, int limit) =>
        new("too-many-operations", "Too many operations.", $"A bulk request takes at most {limit} operations; this one has {count}. Split it into several requests.", ErrorKind.TooLarge);

    /// <param name="count">The rows counted, when the whole import was read.</param>
    public static DomainError ImportTooLarge(int limit, int? count = null) =>
        new("import-too-large", "The import has too many rows.",
            count is { } rows
                ? $"An import takes at most {limit} rows; this one has {rows}. Split it into several imports."
                : $"An import takes at most {limit} rows. Split it into several imports.",
            ErrorKind.TooLarge);

    // Activation, deactivation and configuration on the voice platform.

    public static DomainError VoicePlatformRefused(string number, string reason) =>
        new("voice-platform-refused", "The voice platform refused the change.",
            FailureReasons.Bound($"The voice platform refused the change to {number} ({reason}); nothing was changed."), ErrorKind.Unprocessable);

    /// <param name="unknown">Whether the platform may have the change after all (it could not be put back).</param>
    public static DomainError VoicePlatformUnavailable(string number, string what, bool unknown) =>
        new("voice-platform-unavailable", "The voice platform did not confirm the change.",
            unknown
                ? $"The voice platform did not answer: the {what} of {number} may or may not have changed there. Send it again."
                : $"The voice platform did not answer; the {what} of {number} was not changed. Try again later.",
            ErrorKind.Upstream);

    public static DomainError OperationNotFound(string operationId) =>
        new("operation-not-found", "The operation is not known.", $"No activation or deactivation '{operationId}' is known.", ErrorKind.NotFound);

    // The HTTP envelope: sign-in, access, idempotency and the body itself.

    public static DomainError Unauthenticated() =>
        new("unauthenticated", "Sign-in is required.", "The request carries no valid client principal: sign in through the app's authentication.", ErrorKind.Unauthenticated);

    public static DomainError Forbidden() =>
        new("forbidden", "Not allowed.", "The signed-in caller's roles and sites do not allow this request.", ErrorKind.Forbidden);

    public static DomainError IdempotencyKeyReused(string header) =>
        new("idempotency-key-reused", "The Idempotency-Key was used for another request.",
            $"This {header} was first sent with a different method, path or body; use a new key for a new request.", ErrorKind.Unprocessable);

    public static DomainError IdempotencyKeyInProgress(string header) =>
        new("idempotency-key-in-progress", "A request with this Idempotency-Key is still running.",
            $"The first request sent with this {header} has not finished; retry later with the same key.", ErrorKind.Conflict);

    public static DomainError BodyTooLarge(int maxBytes) =>
        new("body-too-large", "The request body is too large.", $"The request body may be at most {maxBytes} bytes.", ErrorKind.TooLarge);

    /// <param name="contentType">What the request named; null when it sent a body without a Content-Type.</param>
    public static DomainError UnsupportedMediaType(string accepted, string? contentType) =>
        new("unsupported-media-type", $"The request takes {accepted}.",
            contentType is null
                ? $"Send the body with Content-Type: {accepted}."
                : $"Send the body as {accepted} (charset utf-8, if one is named), not {Truncate(contentType)}.",
            ErrorKind.UnsupportedMediaType);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
