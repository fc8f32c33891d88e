using Telephony.Domain.Events;

namespace Telephony.Infrastructure.Tables;

// A site is one partition, so a number's change, its event and its organization commit in one transaction.
internal static class Keys
{
    public const string Site = "site";

    // Not a site id, which starts with a letter or digit.
    public const string SitesPartition = "~sites";

    public const string PendingSitesPartition = "~pending";

    public const string NumberPrefix = "num|";
    public const string NumbersEnd = "num}";

    public const string OrganizationPrefix = "org|";
    public const string OrganizationsEnd = "org}";

    public const string EventPrefix = "evt|";

    // Publishing writes Event and removes the note in one transaction.
    public const string OutboxPrefix = "out|";

    public static string Outbox(string e164, long sequence) => $"{OutboxPrefix}{e164}|{sequence:D12}";

    public static string OutboxOf(string e164) => $"{OutboxPrefix}{e164}|";

    public const string RemovedPrefix = "rem|";

    public static string Number(string e164) => NumberPrefix + e164;

    public static string NumberOf(string rowKey) => rowKey[NumberPrefix.Length..];

    public static string Removed(string e164) => RemovedPrefix + e164;

    public static string Organization(string organizationId) => OrganizationPrefix + organizationId;

    // Zero-padded so a number's events sort by sequence.
    public static string Event(string e164, long sequence) => $"{EventPrefix}{e164}|{sequence:D12}";

    public static string EventsOf(string e164) => $"{EventPrefix}{e164}|";

    // Each event written once more, newest first, so a page is one range read.
    public const string ActivityPrefix = "act|";

    public static string RangeEnd(string prefix) => prefix[..^1] + "}";

    public static string ActivityPosition(PhoneNumberEvent e) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - e.Time.UtcTicks:D19}|{e.Number}|{MaxSequence - e.Sequence:D12}";

    private const long MaxSequence = 999_999_999_999;

    // Rows kept by other stores, listed so the whole layout is in one file.

    public const string ConfigurationPrefix = "cfg|";

    public static string Configuration(string e164) => ConfigurationPrefix + e164;

    public const string VoiceLinePrefix = "voice|";

    public static string VoiceLine(string e164) => VoiceLinePrefix + e164;

    public const string IdempotencyPrefix = "idem|";

    public static string Idempotency(string keyHash) => IdempotencyPrefix + keyHash;

    public const string SitelessIdempotencyPartition = "_idempotency";

    // Across sites (no site id starts with ~), keyed by due date so the release run reads one range.
    public const string CoolingOffIndexPartition = "~cooling-off-index";
}
