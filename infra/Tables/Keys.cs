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

    /// <summary>
    /// The outbox: a note per committed, unpublished event, ordered by number and sequence. The note is the event's record
    /// until it is published; publishing writes <see cref="Event"/> and removes the note in one transaction.
    /// </summary>
    public const string OutboxPrefix = "out|";

    public static string Outbox(string e164, long sequence) => $"{OutboxPrefix}{e164}|{sequence:D12}";

    public static string OutboxOf(string e164) => $"{OutboxPrefix}{e164}|";

    /// <summary>A removed number's marker: the sequence its kept history ends at.</summary>
    public const string RemovedPrefix = "rem|";

    public static string Number(string e164) => NumberPrefix + e164;

    public static string NumberOf(string rowKey) => rowKey[NumberPrefix.Length..];

    public static string Removed(string e164) => RemovedPrefix + e164;

    public static string Organization(string organizationId) => OrganizationPrefix + organizationId;

    /// <summary>Zero-padded so a number's events sort by sequence.</summary>
    public static string Event(string e164, long sequence) => $"{EventPrefix}{e164}|{sequence:D12}";

    public static string EventsOf(string e164) => $"{EventPrefix}{e164}|";

    /// <summary>
    /// The site's activity: each event is written once more, keyed newest first (<see cref="ActivityPosition"/>), so a page
    /// is one range read; the route's type and actor filters are matched by storage within that range.
    /// </summary>
    public const string ActivityPrefix = "act|";

    /// <summary>The end of the range that starts with <paramref name="prefix"/> (which ends with <c>|</c>).</summary>
    public static string RangeEnd(string prefix) => prefix[..^1] + "}";

    /// <summary>
    /// The position of an event in the activity: newest first (inverted ticks), then number, then the number's
    /// latest first (inverted sequence) for events of the same instant.
    /// </summary>
    public static string ActivityPosition(PhoneNumberEvent e) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - e.Time.UtcTicks:D19}|{e.Number}|{MaxSequence - e.Sequence:D12}";

    private const long MaxSequence = 999_999_999_999;

    // Rows beside the site's numbers, kept by other stores: listed here so the whole layout is in one file.

    /// <summary>A number's custom configuration and PIN, and the change being applied to it (<c>cfg|{E.164}</c>).</summary>
    public const string ConfigurationPrefix = "cfg|";

    public static string Configuration(string e164) => ConfigurationPrefix + e164;

    /// <summary>The simulated voice platform's line for a number (<c>voice|{E.164}</c>), used when no platform URL is set.</summary>
    public const string VoiceLinePrefix = "voice|";

    public static string VoiceLine(string e164) => VoiceLinePrefix + e164;

    /// <summary>An <c>Idempotency-Key</c>'s record (<c>idem|{SHA-256 of the key}</c>), in the site's partition.</summary>
    public const string IdempotencyPrefix = "idem|";

    public static string Idempotency(string keyHash) => IdempotencyPrefix + keyHash;

    /// <summary>Where the records of keys sent with no valid site id live.</summary>
    public const string SitelessIdempotencyPartition = "_idempotency";

    /// <summary>
    /// The index of cooling-off end dates, across sites (no site id starts with <c>~</c>); a row per COOLDOWN number,
    /// <c>{untilUtc:yyyyMMddHHmmss}|{siteId}|{E.164}</c>, so the release run reads what is due as one range.
    /// </summary>
    public const string CoolingOffIndexPartition = "~cooling-off-index";
}
