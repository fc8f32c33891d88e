using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.CoolingOff;

/// <summary>
/// One index entry: the number <paramref name="Number"/> at <paramref name="SiteId"/> cools off until
/// <paramref name="Until"/>, rounded up to the whole second so an entry is never due before its number is.
/// </summary>
public sealed record CoolingOffEntry(DateTimeOffset Until, string SiteId, string Number)
{
    public static CoolingOffEntry For(string siteId, string number, DateTimeOffset until) =>
        new(CeilingToSecond(until), siteId, number);

    /// <summary>The entry a number needs, or null when it is not cooling off.</summary>
    public static CoolingOffEntry? For(PhoneNumber number) =>
        number is { Status: PhoneNumberStatus.Cooldown, CoolingOffUntil: { } until } ? For(number.SiteId, number.Number, until) : null;

    /// <summary>Whether the entry still describes the number: COOLDOWN with this end date. Otherwise it is stale.</summary>
    public bool Describes(PhoneNumber number) => For(number) == this;

    private static DateTimeOffset CeilingToSecond(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var floor = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return floor == utc ? floor : floor.AddSeconds(1);
    }
}
