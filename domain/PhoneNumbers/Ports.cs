using Telephony.Domain.Organizations;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>The site's numbers, each stored with its event records. Implemented in infra/ on Table Storage.</summary>
public interface IPhoneNumberStore
{
    Task<PhoneNumber?> FindAsync(string siteId, string number, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the number with its new events, and the organization when one is given, in one transaction that checks
    /// that neither changed since it was read. False, with nothing written, when either did.
    /// </summary>
    Task<bool> TrySaveAsync(PhoneNumber number, Organization? organization, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a command's change as <see cref="TrySaveAsync"/> does, with <paramref name="kept"/> when the command was
    /// sent with an <c>Idempotency-Key</c>: the key's record, holding the answer a repeat gets, in the same transaction.
    /// <see cref="CommitOutcome.KeyTaken"/>, with nothing written, when a live record holds the key already.
    /// </summary>
    Task<CommitOutcome> TryCommitAsync(PhoneNumber number, Organization? organization, KeptAnswer? kept, CancellationToken cancellationToken);

    /// <summary>Adds newly provisioned numbers with their events; false for a number that already exists.</summary>
    Task<IReadOnlyList<bool>> AddAsync(IReadOnlyList<PhoneNumber> numbers, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the site's numbers in number order, starting after <paramref name="after"/>: at most
    /// <paramref name="pageSize"/> numbers, with <see cref="PhoneNumberPage.LastNumber"/> set only when a matching number
    /// follows (a searched page may give its last match back to the next page rather than read on to know that).
    /// </summary>
    Task<PhoneNumberPage> ListAsync(string siteId, PhoneNumberFilter filter, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>Every number the filter selects, in number order, streamed page by page.</summary>
    IAsyncEnumerable<PhoneNumber> QueryAsync(string siteId, PhoneNumberFilter filter, CancellationToken cancellationToken);

    /// <summary>The E.164 numbers provisioned at the site (keys only).</summary>
    Task<IReadOnlySet<string>> NumbersAsync(string siteId, CancellationToken cancellationToken);
}

/// <param name="LastNumber">The last number on the page when more follow; null on the last page.</param>
public sealed record PhoneNumberPage(IReadOnlyList<PhoneNumber> Items, string? LastNumber);
