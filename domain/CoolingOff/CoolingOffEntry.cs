using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.CoolingOff;

// Until is rounded up to the whole second so an entry is never due before its number is.
public sealed record CoolingOffEntry(DateTimeOffset Until, string SiteId, string Number)
{
    public static CoolingOffEntry For(string siteId, string number, DateTimeOffset until) =>
        new(CeilingToSecond(until), siteId, number);

    public static CoolingOffEntry? For(PhoneNumber number) =>
        number is { Status: PhoneNumberStatus.Cooldown, CoolingOffUntil: { } until } ? For(number.SiteId, number.Number, until) : null;

    // Otherwise the entry is stale.
    public bool Describes(PhoneNumber number) => For(number) == this;

    private static DateTimeOffset CeilingToSecond(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var floor = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return floor == utc ? floor : floor.AddSeconds(1);
    }
}
