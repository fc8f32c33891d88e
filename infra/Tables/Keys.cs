using Telephony.Domain.Events;

namespace Telephony.Infrastructure.Tables;

/// <summary>
/// The row keys of a site's partition. A site is one partition holding its settings, its organizations, its numbers
/// and their event records, so a number's change, its event and its organization commit in one entity-group transaction.
/// </summary>
internal static class Keys
{
    public const string Site = "site";

    /// <summary>The registry of known sites (a row per site): not a site id, which starts with a letter or digit.</summary>
    public const string SitesPartition = "~sites";

    /// <summary>Sites whose events may be pending (a row per site, written when a publish fails or is left to the sweep).</summary>
    public const string PendingSitesPartition = "~pending";

    public const string NumberPrefix = "num|";
    public const string NumbersEnd = "num}";

    public const string OrganizationPrefix = "org|";
    public const string OrganizationsEnd = "org}";

    public const string EventPrefix = "evt|";

    /// <summary>The outbox: a note per committed, unpublished event, ordered by number and sequence.</summary>
    public const string OutboxPrefix = "out|";

    public static string Outbox(string e164, long sequence) => $"{OutboxPrefix}{e164}|{sequence:D12}";

    public static string OutboxOf(string e164) => $"{OutboxPrefix}{e164}|";

    /// <summary>A removed number's marker: the sequence its kept history ends at.</summary>
    public const string RemovedPrefix = "rem|";
    public const string RemovedEnd = "rem}";

    public static string Number(string e164) => NumberPrefix + e164;

    public static string NumberOf(string rowKey) => rowKey[NumberPrefix.Length..];

    public static string Removed(string e164) => RemovedPrefix + e164;

    public static string Organization(string organizationId) => OrganizationPrefix + organizationId;

    /// <summary>Zero-padded so a number's events sort by sequence.</summary>
    public static string Event(string e164, long sequence) => $"{EventPrefix}{e164}|{sequence:D12}";

    public static string EventsOf(string e164) => $"{EventPrefix}{e164}|";

    public static string EventsEnd(string e164) => $"{EventPrefix}{e164}}}";

    /// <summary>
    /// The site's activity: each event is also written under three indexes — by time, by type and by actor — each ordered
    /// newest first, so any of the activity route's pages is one range read. The ranges are disjoint (<c>act|</c>,
    /// <c>act-type|</c>, <c>act-actor|</c>).
    /// </summary>
    public const string ActivityPrefix = "act|";

    public static string ActivityByTypePrefix(string change) => $"act-type|{change}|";

    /// <summary>By a hash of the lower-case name: any name (with characters a key may not hold) gives a short, safe key.</summary>
    public static string ActivityByActorPrefix(string actorName) =>
        $"act-actor|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(actorName.ToLowerInvariant())))[..32]}|";

    /// <summary>The end of the range that starts with <paramref name="prefix"/> (which ends with <c>|</c>).</summary>
    public static string RangeEnd(string prefix) => prefix[..^1] + "}";

    /// <summary>
    /// The position of an event in every activity index: newest first (inverted ticks), then number, then the number's
    /// latest first (inverted sequence) for events of the same instant.
    /// </summary>
    public static string ActivityPosition(PhoneNumberEvent e) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - e.Time.UtcTicks:D19}|{e.Number}|{MaxSequence - e.Sequence:D12}";

    private const long MaxSequence = 999_999_999_999;
}
