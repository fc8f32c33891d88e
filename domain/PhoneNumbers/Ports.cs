using Telephony.Domain.Organizations;

namespace Telephony.Domain.PhoneNumbers;

public interface IPhoneNumberStore
{
    Task<PhoneNumber?> FindAsync(string siteId, string number, CancellationToken cancellationToken);

    // One transaction that checks neither changed since read; false, with nothing written, when either did.
    Task<bool> TrySaveAsync(PhoneNumber number, Organization? organization, CancellationToken cancellationToken);

    Task<CommitOutcome> TryCommitAsync(PhoneNumber number, Organization? organization, KeptAnswer? kept, CancellationToken cancellationToken);

    Task<IReadOnlyList<bool>> AddAsync(IReadOnlyList<PhoneNumber> numbers, CancellationToken cancellationToken);

    // LastNumber set only when a match follows (a searched page may give its last match to the next page instead).
    Task<PhoneNumberPage> ListAsync(string siteId, PhoneNumberFilter filter, int pageSize, string? after, CancellationToken cancellationToken);

    IAsyncEnumerable<PhoneNumber> QueryAsync(string siteId, PhoneNumberFilter filter, CancellationToken cancellationToken);

    Task<IReadOnlySet<string>> NumbersAsync(string siteId, CancellationToken cancellationToken);
}

public sealed record PhoneNumberPage(IReadOnlyList<PhoneNumber> Items, string? LastNumber);
