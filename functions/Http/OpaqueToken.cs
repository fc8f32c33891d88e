using System.Text;

namespace Telephony.Functions.Http;

/// <summary>Continuation tokens as callers see them: base64url of a position only this API reads back.</summary>
public static class OpaqueToken
{
    public static string? Encode(string? position) =>
        position is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(position)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <returns>Null when the token is longer than <paramref name="maxLength"/> or not base64url.</returns>
    public static string? Decode(string token, int maxLength)
    {
        if (token.Length > maxLength)
        {
            return null;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
