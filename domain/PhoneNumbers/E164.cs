using PhoneNumbers;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>Reads phone numbers as users type them and normalizes them to E.164 (libphonenumber).</summary>
public static class E164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Normalizes <paramref name="input"/> to E.164. Accepts <c>+44 20 7123 4567</c>, <c>442071234567</c> (E.164 without
    /// its plus, as in a URL), <c>0044…</c>, and national format (<c>020 7123 4567</c>) read in <paramref name="defaultRegion"/>.
    /// Only possible numbers pass: providers provision new ranges before every numbering-plan table knows them.
    /// </summary>
    public static bool TryNormalize(string? input, string defaultRegion, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

        var compact = new System.Text.StringBuilder(input.Length);
        foreach (var c in input.Trim())
        {
            if (char.IsAsciiDigit(c) || (c == '+' && compact.Length == 0))
            {
                compact.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                return false;
            }
        }

        var text = compact.ToString();
        if (text.Length < 3)
        {
            return false;
        }

        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }
        else if (text[0] != '+' && text[0] != '0')
        {
            text = "+" + text;
        }

        try
        {
            var parsed = Util.Parse(text, text[0] == '+' ? null : defaultRegion);
            if (!Util.IsPossibleNumber(parsed))
            {
                return false;
            }

            e164 = Util.Format(parsed, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>The digits of an E.164 number, without its plus: what a partial-number search matches against.</summary>
    public static string Digits(string e164) => e164.TrimStart('+');

    public static bool IsSupportedRegion(string? region) =>
        region is { Length: 2 } && Util.GetSupportedRegions().Contains(region.ToUpperInvariant());
}
