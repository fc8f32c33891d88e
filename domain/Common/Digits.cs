using System.Globalization;

namespace Telephony.Domain.Common;

public static class Digits
{
    // .NET's number parsing takes trailing NULs: long.Parse("10\0") is 10 even with NumberStyles.None.
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 18 && !text.ContainsAnyExceptInRange('0', '9') &&
               long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
