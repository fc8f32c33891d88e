using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Administration;

/// <summary>The refusals of platform administration and automatic allocation, with their stable codes.</summary>
public static class AdministrationErrors
{
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

    public static DomainError NotRemovable(string number, PhoneNumberStatus status) =>
        new("not-available", "The phone number is not available.", $"{number} is {status.ToWire()}; only an AVAILABLE, unlocked number can be removed from the site.", ErrorKind.Conflict);

    public static DomainError NoNumberAvailable(string organization) =>
        new("no-number-available", "No phone number is available.", $"No AVAILABLE number is left at this site to allocate to {organization}; nothing was changed.", ErrorKind.Conflict);

    public static DomainError NoMainNumberAvailable(string organization) =>
        new("no-main-number-available", "No main number is available.", $"{organization} asks for a main number but no nominated main number is AVAILABLE and the site does not nominate one automatically; nothing was changed.", ErrorKind.Conflict);

    public static DomainError TooManyOperations(int count, int limit) =>
        new("too-many-operations", "Too many operations.", $"A bulk request takes at most {limit} operations; this one has {count}. Split it into several requests.", ErrorKind.TooLarge);
}
