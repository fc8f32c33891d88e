using Telephony.Domain.Common;
using System.Text;

namespace Telephony.Functions.Http;

// base64url of a position only this API reads back.
public static class OpaqueToken
{
    public static string? Encode(string? position) =>
        position is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(position)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

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

    // Anything this API did not issue is invalid-request.
    public static Result<string?> Read(string? token, int maxLength, Func<string, bool> isPosition)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Result<string?>.Success(null);
        }

        return Decode(token, maxLength) is { } position && isPosition(position)
            ? position
            : Errors.InvalidRequest("continuationToken is not one this API issued: start again from the first page.");
    }
}
