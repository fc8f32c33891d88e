using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Events;

/// <summary>
/// Which of a site's events to read: optionally one number's, one change's (<see cref="PhoneNumberEventTypes"/>), or one
/// actor's (by name, any case).
/// </summary>
public sealed record ActivityFilter(string? Number, string? Change, string? ActorName)
{
    public bool Matches(PhoneNumberEvent e) =>
        (Number is null || e.Number == Number) &&
        (Change is null || e.Change == Change) &&
        (ActorName is null || ActorKey(e.Actor.Name) == ActorKey(ActorName));

    /// <summary>
    /// An actor's name as the filter matches it: in lower case, so any case finds it. Stored with each activity row, so
    /// storage matches it too.
    /// </summary>
    public static string ActorKey(string actorName) => actorName.ToLowerInvariant();
}

/// <param name="After">
/// Where the next page starts, opaque; null on the last page. A filtered page may hold fewer items than asked, even none,
/// and still a position: reading on would have taken too long (the next page resumes where this one stopped).
/// </param>
public sealed record ActivityPage(IReadOnlyList<PhoneNumberEvent> Items, string? After);

/// <summary>
/// A site's events newest first, as rows written in the same transaction as each event and keyed by inverted time, so
/// a page is one range read. Implemented in infra/ on Table Storage.
/// </summary>
public interface IActivityLog
{
    /// <summary>
    /// A page of the site's events (the filter's number is not used here), newest first, after <paramref name="after"/>;
    /// null when storage refuses <paramref name="after"/> (a position shaped like one this log hands out, but not one).
    /// </summary>
    Task<ActivityPage?> ReadAsync(string siteId, ActivityFilter filter, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="after"/> is a position this log handed out.</summary>
    bool IsPosition(string after);
}

/// <summary>
/// The site's audit trail: every number's events, newest first, with who made each change. Without a number it reads the
/// activity log; with one it reads that number's own history (keyed by sequence), so neither grows with the site's past.
/// </summary>
public sealed class SiteActivity(IActivityLog log, IEventHistory history, IPhoneNumberStore numbers, NumberLookup lookup)
{
    public const int DefaultPageSize = 50;
    /// <summary>The largest page. The request's pageSize is checked once, where it is read (functions/Http/PageSizes.cs).</summary>
    public const int MaxPageSize = 1000;

    public async Task<Result<ActivityPage>> PageAsync(
        string siteId, string? number, string? type, string? actor, int pageSize, string? after, CancellationToken cancellationToken)
    {
        string? change = null;
        if (!string.IsNullOrEmpty(type))
        {
            change = PhoneNumberEventTypes.All.FirstOrDefault(c => type == c || type == PhoneNumberEventTypes.ToCloudEventType(c));
            if (change is null)
            {
                return Errors.InvalidRequest($"type must be one of the event types, e.g. {PhoneNumberEventTypes.ToCloudEventType(PhoneNumberEventTypes.Allocated)}.");
            }
        }

        var actorName = string.IsNullOrWhiteSpace(actor) ? null : actor.Trim();
        if (actorName?.Length > Actor.MaxNameLength)
        {
            return Errors.InvalidRequest($"actor is a name of at most {Actor.MaxNameLength} characters.");
        }

        if (string.IsNullOrEmpty(number))
        {
            var site = await lookup.FindSiteAsync(siteId, cancellationToken);
            if (!site.IsSuccess)
            {
                return site.Error!;
            }

            if (after is not null && !log.IsPosition(after))
            {
                return InvalidPosition();
            }

            return await log.ReadAsync(siteId, new ActivityFilter(null, change, actorName), pageSize, after, cancellationToken) is { } page
                ? page
                : InvalidPosition();
        }

        var located = await lookup.LocateAsync(siteId, number, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        long? below = null;
        if (after is not null)
        {
            if (!Digits.TryParse(after, out var sequence) || sequence < 1)
            {
                return InvalidPosition();
            }

            below = sequence;
        }

        return await NumberPageAsync(located.Value.Site.SiteId, new ActivityFilter(located.Value.Number, change, actorName), pageSize, below, cancellationToken);
    }

    /// <summary>
    /// One number's events, read backwards by sequence a page at a time until the page is full: bounded by the number's
    /// own history. A number never provisioned here has none.
    /// </summary>
    private async Task<ActivityPage> NumberPageAsync(string siteId, ActivityFilter filter, int pageSize, long? below, CancellationToken cancellationToken)
    {
        var number = filter.Number!;
        var latest = (await numbers.FindAsync(siteId, number, cancellationToken))?.Sequence
            ?? await history.LastSequenceAsync(siteId, number, cancellationToken) ?? 0;
        var to = below is { } b ? Math.Min(b - 1, latest) : latest;
        var items = new List<PhoneNumberEvent>(pageSize);
        while (to >= 1)
        {
            var from = Math.Max(1, to - pageSize + 1);
            foreach (var e in await history.ReadAsync(siteId, number, from, to, cancellationToken))
            {
                if (!filter.Matches(e))
                {
                    continue;
                }

                items.Add(e);
                if (items.Count == pageSize)
                {
                    return new ActivityPage(items, e.Sequence > 1 ? e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
                }
            }

            to = from - 1;
        }

        return new ActivityPage(items, null);
    }

    private static DomainError InvalidPosition() =>
        Errors.InvalidRequest("continuationToken is not one this API issued for these filters: start again from the first page.");
}
