using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Administration;

/// <summary>Removing numbers from a site while keeping their history. Implemented in infra/ on Table Storage.</summary>
public interface IRemovedNumberStore
{
    /// <summary>
    /// Deletes the number, checking it did not change since it was read, and commits its new (<c>removed</c>) event and
    /// the sequence its history ends at in the same transaction. False, with nothing written, when the number changed.
    /// </summary>
    Task<bool> TryRemoveAsync(PhoneNumber number, CancellationToken cancellationToken);

    /// <summary>The site's removed numbers with the last sequence of their kept history, so a re-import continues it.</summary>
    Task<IReadOnlyDictionary<string, long>> RemovedAsync(string siteId, CancellationToken cancellationToken);
}
