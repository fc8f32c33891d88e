using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Events;

public sealed record HistoryPage(IReadOnlyList<PhoneNumberEvent> Items, long? Before);

// Sequences run 1, 2, 3 … with no gaps (one event per change, same transaction), so a page is the key range just
// below the previous one and never reads more rows than it returns.
public sealed class PhoneNumberHistory(IEventHistory history, IPhoneNumberStore numbers, NumberLookup lookup)
{
    public const int DefaultPageSize = 50;
    // pageSize is checked once, where it is read (functions/Http/PageSizes.cs).
    public const int MaxPageSize = 1000;

    public async Task<Result<HistoryPage>> PageAsync(
        string siteId, string number, int pageSize, long? before, CancellationToken cancellationToken)
    {
        var located = await lookup.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var (site, e164) = located.Value;
        // A removed number keeps its history, so the latest sequence comes from the events when the number is gone.
        var latest = (await numbers.FindAsync(site.SiteId, e164, cancellationToken))?.Sequence
            ?? await history.LastSequenceAsync(site.SiteId, e164, cancellationToken);
        if (latest is null or 0)
        {
            return Errors.NumberNotFound(e164);
        }

        var to = before is { } b ? Math.Min(b - 1, latest.Value) : latest.Value;
        if (to < 1)
        {
            return new HistoryPage([], null);
        }

        var from = Math.Max(1, to - pageSize + 1);
        var items = await history.ReadAsync(site.SiteId, e164, from, to, cancellationToken);
        return new HistoryPage(items, from > 1 ? from : null);
    }
}
