using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Telephony.Domain.Common;

namespace Telephony.Functions.Http;

/// <summary>A JSON response written with <see cref="TelephonyJson.Options"/>, needing nothing from MVC but the response.</summary>
public sealed class JsonBodyResult(object? value, int statusCode = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8")
    : IActionResult
{
    public object? Value => value;

    public int StatusCode => statusCode;

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        foreach (var (name, headerValue) in Headers)
        {
            response.Headers[name] = headerValue;
        }

        await JsonSerializer.SerializeAsync(response.Body, value, value?.GetType() ?? typeof(object), TelephonyJson.Options, context.HttpContext.RequestAborted);
    }
}

/// <summary>RFC 9457 problem details with the product's stable <c>code</c>.</summary>
public sealed record ProblemBody(
    string Type, string Title, int Status, string Detail, string Code, string? Instance, IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>The W3C trace id of a request that failed unexpectedly, to find its logs; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }
}

/// <summary>The one place a refusal becomes an HTTP answer.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Upstream => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static JsonBodyResult For(DomainError error, HttpRequest? request = null)
    {
        var status = StatusFor(error.Kind);
        return new JsonBodyResult(
            new ProblemBody($"https://telephony.invalid/problems/{error.Code}", error.Title, status, error.Detail, error.Code, request?.Path.Value, error.Errors),
            status,
            ContentType);
    }

    /// <summary>What a client waits before retrying after <c>storage-unavailable</c>: a storage restart heals in about 2 s.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// An exception no function turned into an answer: an outage of storage or Service Bus is <c>503 storage-unavailable</c>
    /// with <c>Retry-After</c>; anything else is a <c>500</c> problem carrying only the trace id, never the exception's text.
    /// </summary>
    public static JsonBodyResult ForFault(Exception exception, HttpRequest request)
    {
        if (Telephony.Infrastructure.Reliability.AzureClientLimits.IsOutage(exception))
        {
            var unavailable = For(Errors.StorageUnavailable(), request);
            unavailable.Headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return unavailable;
        }

        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? request.HttpContext.TraceIdentifier;
        var error = Errors.Unexpected(traceId);
        return new JsonBodyResult(
            new ProblemBody($"https://telephony.invalid/problems/{error.Code}", error.Title, StatusCodes.Status500InternalServerError, error.Detail, error.Code, request.Path.Value, null)
            {
                TraceId = traceId,
            },
            StatusCodes.Status500InternalServerError,
            ContentType);
    }

    /// <summary>Maps a result: a value through <paramref name="ok"/>, a refusal to problem details.</summary>
    public static IActionResult Answer<T>(this Result<T> result, HttpRequest request, Func<T, IActionResult> ok) =>
        result.IsSuccess ? ok(result.Value) : For(result.Error!, request);
}
