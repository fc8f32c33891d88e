using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Administration;

public interface IRemovedNumberStore
{
    // One transaction: the delete (version-checked), its removed event and the sequence its history ends at.
    Task<bool> TryRemoveAsync(PhoneNumber number, CancellationToken cancellationToken);

    // So a re-import continues the kept history.
    Task<IReadOnlyDictionary<string, long>> RemovedAsync(string siteId, CancellationToken cancellationToken);
}
