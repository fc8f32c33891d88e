using Telephony.Domain.Common;
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

    /// <summary>
    /// A list route's <c>continuationToken</c>: absent is the first page; anything this API did not issue (too long, not
    /// base64url, or a position <paramref name="isPosition"/> refuses) is <c>invalid-request</c>.
    /// </summary>
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
