using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Events;

/// <param name="Before">The sequence the next page starts below; null on the last page.</param>
public sealed record HistoryPage(IReadOnlyList<PhoneNumberEvent> Items, long? Before);

/// <summary>
/// A number's recorded changes, newest first. A number's sequences run 1, 2, 3 … with no gaps (each change records one
/// event in the same transaction), so a page is the key range just below the previous page: no page reads more rows
/// than it returns.
/// </summary>
public sealed class PhoneNumberHistory(IEventHistory history, IPhoneNumberStore numbers, NumberLookup lookup)
{
    public const int DefaultPageSize = 50;
    /// <summary>The largest page. The request's pageSize is checked once, where it is read (functions/Http/PageSizes.cs).</summary>
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
