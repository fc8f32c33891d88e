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

    /// <summary>How numbers of <paramref name="region"/> are written nationally; null for a region libphonenumber does not know.</summary>
    public static NationalForm? NationalFormOf(string region)
    {
        var countryCode = Util.GetCountryCodeForRegion(region.ToUpperInvariant());
        return countryCode == 0
            ? null
            : new NationalForm(countryCode.ToString(System.Globalization.CultureInfo.InvariantCulture), Util.GetNddPrefixForRegion(region.ToUpperInvariant(), true) ?? "");
    }

    public static bool IsSupportedRegion(string? region) =>
        region is { Length: 2 } && Util.GetSupportedRegions().Contains(region.ToUpperInvariant());
}

/// <summary>
/// A region's national form of its own numbers: the trunk prefix in place of the country code (<c>+44 20 7123 4567</c>
/// is <c>020 7123 4567</c> in GB). Numbers of other countries have no national form there.
/// </summary>
public sealed record NationalForm(string CountryCode, string TrunkPrefix)
{
    /// <summary>
    /// Whether <paramref name="query"/> occurs anywhere in the national form of the number whose E.164 digits are
    /// <paramref name="digits"/>, without building that form: the query lies inside the national significant number,
    /// or begins within the trunk prefix and runs on into the number's start.
    /// </summary>
    public bool Contains(string digits, string query)
    {
        if (!digits.StartsWith(CountryCode, StringComparison.Ordinal))
        {
            return false;
        }

        var significant = digits.AsSpan(CountryCode.Length);
        if (significant.IndexOf(query.AsSpan(), StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        for (var start = 0; start < TrunkPrefix.Length; start++)
        {
            var prefixTail = TrunkPrefix.AsSpan(start);
            var matches = query.Length <= prefixTail.Length
                ? prefixTail.StartsWith(query, StringComparison.Ordinal)
                : query.AsSpan().StartsWith(prefixTail, StringComparison.Ordinal) && significant.StartsWith(query.AsSpan(prefixTail.Length), StringComparison.Ordinal);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A query typed with the country code (<c>447123</c>, i.e. <c>+44 7123</c>) as it reads in national form
    /// (<c>07123</c>); null when it does not start with the country code.
    /// </summary>
    public string? Nationalise(string query) =>
        query.Length > CountryCode.Length && query.StartsWith(CountryCode, StringComparison.Ordinal)
            ? TrunkPrefix + query[CountryCode.Length..]
            : null;
}
