using System.Globalization;

namespace Telephony.Domain.Common;

/// <summary>Whole numbers as callers write them in a query, a token or a tag: ASCII digits and nothing else.</summary>
public static class Digits
{
    /// <summary>
    /// Checked character by character first: .NET's number parsing takes trailing NUL characters, so
    /// <c>long.Parse("10\0")</c> is 10 even with <see cref="NumberStyles.None"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 18 && !text.ContainsAnyExceptInRange('0', '9') &&
               long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
