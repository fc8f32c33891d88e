using Telephony.Web.Api;
using Telephony.Web.Numbers;

namespace Telephony.Web.Tests.Components;

/// <summary>Numbers as people write them at a UK site, E.164 elsewhere; statuses as words.</summary>
public sealed class PhoneFormatTests
{
    [Theory]
    [InlineData("+442071234500", "020 7123 4500")]
    [InlineData("+442920123456", "029 2012 3456")]
    [InlineData("+441132345678", "0113 234 5678")]
    [InlineData("+441214960000", "0121 496 0000")]
    [InlineData("+441632960123", "01632 960123")]
    [InlineData("+447700900123", "07700 900123")]
    [InlineData("+443001234567", "0300 123 4567")]
    [InlineData("+448001234567", "0800 123 4567")]
    public void A_UK_number_is_shown_in_the_national_format(string e164, string national)
    {
        Assert.Equal(national, PhoneFormat.National(e164, "GB"));
    }

    [Theory]
    [InlineData("+12025550123", "GB")]
    [InlineData("+442071234500", "IE")]
    [InlineData("+4420712345", "GB")]
    public void A_number_of_another_region_or_length_is_shown_in_E164(string e164, string region)
    {
        Assert.Equal(e164, PhoneFormat.National(e164, region));
    }

    [Theory]
    [InlineData("AVAILABLE", false, "Available")]
    [InlineData("RESERVED", false, "Reserved")]
    [InlineData("ACTIVE", false, "Active")]
    [InlineData("RESERVED", true, "Update in progress")]
    [InlineData("PENDING", false, "Update in progress")]
    [InlineData("COOLDOWN", false, "Cooling off until 3 Mar 2027")]
    public void A_status_is_shown_as_a_word_with_the_cooling_off_date(string status, bool updating, string words)
    {
        var number = new PhoneNumberResponse("+442071234500", "4500", status, null, null,
            status == "COOLDOWN" ? new DateTimeOffset(2027, 3, 3, 0, 0, 0, TimeSpan.Zero) : null, false, null, false, null, updating, null, null, []);

        Assert.Equal(words, number.StatusText);
    }
}
