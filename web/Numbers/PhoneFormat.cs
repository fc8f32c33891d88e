namespace Telephony.Web.Numbers;

// libphonenumber is too large a download: UK grouping is written here; anything else shows as E.164.
public static class PhoneFormat
{
    public static string National(string e164, string? region) =>
        region is null or "GB" && e164.StartsWith("+44", StringComparison.Ordinal) && e164.Length == 13 && e164[3..].All(char.IsAsciiDigit)
            ? UnitedKingdom(e164[3..])
            : e164;

    private static string UnitedKingdom(string digits)
    {
        var national = "0" + digits;
        return digits[0] switch
        {
            // 02x xxxx xxxx.
            '2' => Group(national, 3, 4),
            // 011x / 01x1: 01xx xxx xxxx; the rest 01xxx xxxxxx.
            '1' when digits[1] == '1' || digits[2] == '1' => Group(national, 4, 3),
            '1' => Group(national, 5),
            // 07xxx xxxxxx.
            '7' => Group(national, 5),
            // 03/05/08/09: 0xxx xxx xxxx.
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
