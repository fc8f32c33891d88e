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

    public const string NumberPrefix = "num|";
    public const string NumbersEnd = "num}";

    public const string OrganizationPrefix = "org|";
    public const string OrganizationsEnd = "org}";

    public const string EventPrefix = "evt|";

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
}
