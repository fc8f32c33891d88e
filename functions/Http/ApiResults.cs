using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Telephony.Domain.Common;

namespace Telephony.Functions.Http;

// Needs nothing from MVC but the response.
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

public sealed record ProblemBody(
    string Type, string Title, int Status, string Detail, string Code, string? Instance, IReadOnlyDictionary<string, string[]>? Errors)
{
    // Only for a request that failed unexpectedly, to find its logs.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }
}

// The one place a refusal becomes an HTTP answer.
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

    // A storage restart heals in about 2 s.
    public const int RetryAfterSeconds = 5;

    // An outage is 503 storage-unavailable with Retry-After; anything else is a 500 carrying only the trace id, never the
    // exception's text.
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

    public static IActionResult Answer<T>(this Result<T> result, HttpRequest request, Func<T, IActionResult> ok) =>
        result.IsSuccess ? ok(result.Value) : For(result.Error!, request);
}
