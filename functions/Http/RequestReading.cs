using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Telephony.Domain.Common;

namespace Telephony.Functions.Http;

/// <summary>The media types a request body is read as (rule 14): JSON, and CSV for the import.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
}

/// <summary>Reads what callers send: bodies of the route's media type only, bounded, strict JSON, If-Match.</summary>
public static class RequestReading
{
    public const int MaxJsonBodyBytes = 64 * 1024;
    public const int MaxCsvBodyBytes = 8 * 1024 * 1024;

    /// <summary>A JSON body, refusing one that is too large, malformed, the wrong shape or with unknown fields.</summary>
    public static async Task<Result<T>> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken, bool emptyAllowed = false)
        where T : class
    {
        var body = await ReadBodyAsync(request, MediaTypes.Json, MaxJsonBodyBytes, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!;
        }

        if (body.Value.Length == 0 || body.Value.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            return emptyAllowed
                ? JsonSerializer.Deserialize<T>("{}", TelephonyJson.Options)!
                : Errors.InvalidRequest("The request needs a JSON body.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Value, TelephonyJson.Options);
            return value is null ? Errors.InvalidRequest("The request body must be a JSON object.") : value;
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            return Errors.InvalidRequest($"The request body is not valid JSON for this request{where}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>A text body of <paramref name="mediaType"/>, refusing a body over <paramref name="maxBytes"/> or that is not UTF-8.</summary>
    public static async Task<Result<string>> ReadTextAsync(this HttpRequest request, string mediaType, int maxBytes, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, mediaType, maxBytes, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Value).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Errors.InvalidRequest("The body must be UTF-8 text.");
        }
    }

    /// <summary>
    /// The version the caller last read, from <c>If-Match</c> (the ETag this API gave, <c>"7"</c>). Null when absent or
    /// <c>*</c>; a tag this API never issued can match nothing, so it fails the precondition.
    /// </summary>
    public static Result<long?> ExpectedSequence(this HttpRequest request, string number)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return Result<long?>.Success(null);
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && Digits.TryParse(tag.AsSpan(1, tag.Length - 2), out var sequence)
            ? Result<long?>.Success(sequence)
            : Errors.PreconditionFailed(number);
    }

    public static string ETagFor(long sequence) => $"\"{sequence}\"";

    /// <summary>
    /// The body, when its <c>Content-Type</c> is <paramref name="mediaType"/> (a <c>charset</c>, if any, <c>utf-8</c>), or
    /// when there is neither a type nor a body; anything else is 415 (rule 14), another type before the body is read. A
    /// browser sends <c>text/plain</c>, form and multipart bodies to another site without asking it first (cross-site
    /// request forgery).
    /// </summary>
    private static async Task<Result<byte[]>> ReadBodyAsync(HttpRequest request, string mediaType, int maxBytes, CancellationToken cancellationToken)
    {
        var declared = request.Headers.ContentType;
        if (declared.Count > 0 && !IsMediaType(declared, mediaType))
        {
            return Errors.UnsupportedMediaType(mediaType, declared.ToString());
        }

        var body = await ReadBoundedAsync(request, maxBytes, cancellationToken);
        return body.IsSuccess && declared.Count == 0 && body.Value.Length > 0 ? Errors.UnsupportedMediaType(mediaType, null) : body;
    }

    private static bool IsMediaType(StringValues declared, string mediaType) =>
        declared.Count == 1 && MediaTypeHeaderValue.TryParse(declared[0], out var parsed) &&
        parsed.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) &&
        (!parsed.Charset.HasValue || HeaderUtilities.RemoveQuotes(parsed.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static async Task<Result<byte[]>> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return Errors.BodyTooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return Errors.BodyTooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
