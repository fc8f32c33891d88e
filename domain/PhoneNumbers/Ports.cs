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
    /// Commits a command's change as <see cref="TrySaveAsync"/> does. <paramref name="answer"/> is the changed number as
    /// the caller is told it; under a <paramref name="key"/>, the store keeps the answer with the change, in the same
    /// transaction, for a caller that repeats the request.
    /// </summary>
    Task<bool> TryCommitAsync(PhoneNumberDetails answer, Organization? organization, ICommandKey? key, CancellationToken cancellationToken);

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

/// <summary>
/// The <c>Idempotency-Key</c> a command on one number runs under. The store commits its record, holding the answer a
/// repeat of the request gets, in the number's own transaction; the domain only carries it from the request
/// (<see cref="NumberRef.Key"/>) to that commit. Implemented in infra/.
/// </summary>
public interface ICommandKey;

/// <param name="LastNumber">The last number on the page when more follow; null on the last page.</param>
public sealed record PhoneNumberPage(IReadOnlyList<PhoneNumber> Items, string? LastNumber);
