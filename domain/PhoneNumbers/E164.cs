using PhoneNumbers;

namespace Telephony.Domain.PhoneNumbers;

public static class E164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // Only possible (not valid) numbers pass: providers provision new ranges before numbering-plan tables know them.
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

    public static string Digits(string e164) => e164.TrimStart('+');

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

// National form: trunk prefix in place of the country code (+44 20 7123 4567 is 020 7123 4567 in GB).
public sealed record NationalForm(string CountryCode, string TrunkPrefix)
{
    // Without building the form: the query lies inside the national number, or begins within the trunk prefix.
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

    public string? Nationalise(string query) =>
        query.Length > CountryCode.Length && query.StartsWith(CountryCode, StringComparison.Ordinal)
            ? TrunkPrefix + query[CountryCode.Length..]
            : null;
}
