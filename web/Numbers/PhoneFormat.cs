namespace Telephony.Web.Numbers;

/// <summary>
/// Numbers as people write them in the site's region (<c>020 7123 4500</c>). The API sends E.164; libphonenumber is
/// too large a download for the page, so the UK's national grouping is written here (Ofcom's number lengths), and a
/// number of any other region, or one that does not fit, is shown as E.164. The details always show E.164 as well.
/// </summary>
public static class PhoneFormat
{
    public static string National(string e164, string? region) =>
        region is null or "GB" && e164.StartsWith("+44", StringComparison.Ordinal) && e164.Length == 13 && e164[3..].All(char.IsAsciiDigit)
            ? UnitedKingdom(e164[3..])
            : e164;

    /// <summary>A UK number's ten national significant digits, with the trunk 0 and the area code's grouping.</summary>
    private static string UnitedKingdom(string digits)
    {
        var national = "0" + digits;
        return digits[0] switch
        {
            // London, Southampton, Coventry, Northern Ireland, Cardiff: 02x xxxx xxxx.
            '2' => Group(national, 3, 4),
            // Leeds 0113, Birmingham 0121 and the other 011x / 01x1 areas: 01xx xxx xxxx; the rest 01xxx xxxxxx.
            '1' when digits[1] == '1' || digits[2] == '1' => Group(national, 4, 3),
            '1' => Group(national, 5),
            // Mobile and personal numbers: 07xxx xxxxxx.
            '7' => Group(national, 5),
            // Non-geographic (03, 05, 08, 09): 0xxx xxx xxxx.
            _ => Group(national, 4, 3),
        };
    }

    private static string Group(string national, params int[] sizes)
    {
        var parts = new List<string>();
        var at = 0;
        foreach (var size in sizes)
        {
            parts.Add(national.Substring(at, size));
            at += size;
        }

        parts.Add(national[at..]);
        return string.Join(' ', parts);
    }
}
