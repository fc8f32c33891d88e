using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Telephony.Domain.Administration;
using Telephony.Domain.Bulk;
using Telephony.Domain.Common;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;

namespace Telephony.Functions.Bulk;

/// <summary>Operators send up to 1,000 commands at once; each has its own outcome.</summary>
public sealed class BulkFunctions(BulkCommands bulk)
{
    /// <summary>1,000 operations with every field filled stay well under this.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    // Named to sort before any function whose route could match ".../phone-numbers/bulk" (the host tries routes in
    // the ordinal order of function names).
    [Function(nameof(BulkPhoneNumberOperations))]
    public async Task<IActionResult> BulkPhoneNumberOperations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sites/{siteId}/phone-numbers/bulk")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string siteId, CancellationToken cancellationToken)
    {
        var text = await request.ReadTextAsync(MediaTypes.Json, MaxBodyBytes, cancellationToken);
        if (!text.IsSuccess)
        {
            return Problems.For(text.Error!, request);
        }

        var entries = BulkRequestReading.Read(text.Value);
        if (!entries.IsSuccess)
        {
            return Problems.For(entries.Error!, request);
        }

        var results = await bulk.RunAsync(siteId, entries.Value, OperationStarts.Scheduler(client), cancellationToken);
        return results.Answer(request, r => new JsonBodyResult(new BulkResponse(r.Select(BulkResultResponse.From).ToList())));
    }
}

/// <summary>
/// Reads <c>{"operations":[…]}</c>: a malformed envelope is refused as a whole (400, or 413 over the limit), while a
/// malformed entry becomes an entry refused on its own, so the others still run.
/// </summary>
internal static class BulkRequestReading
{
    public static Result<IReadOnlyList<BulkEntry>> Read(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Errors.InvalidRequest("The request body must be JSON: {\"operations\":[…]}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || root.EnumerateObject().Count() != 1
                || !root.TryGetProperty("operations", out var operations)
                || operations.ValueKind != JsonValueKind.Array)
            {
                return Errors.InvalidRequest("The request body must be {\"operations\":[…]} with an array of operations.");
            }

            var count = operations.GetArrayLength();
            if (count > BulkCommands.MaxOperations)
            {
                return Errors.TooManyOperations(count, BulkCommands.MaxOperations);
            }

            return operations.EnumerateArray().Select(ReadEntry).ToList();
        }
    }

    private static BulkEntry ReadEntry(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new BulkEntry(null, "Each operation must be a JSON object.");
        }

        var number = StringOrNull(element, "number");
        var action = StringOrNull(element, "action");
        try
        {
            var operation = element.Deserialize<BulkOperation>(TelephonyJson.Options);
            return operation is null ? new BulkEntry(null, "The operation is empty.", number, action) : new BulkEntry(operation);
        }
        catch (JsonException e)
        {
            return new BulkEntry(null, $"The operation is not valid: {e.Message}", number, action);
        }
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public sealed record BulkResponse(IReadOnlyList<BulkResultResponse> Results);

public sealed record BulkResultResponse(string? Number, string? Action, string Outcome, string? Code, string? OperationId)
{
    public static BulkResultResponse From(BulkResult result) =>
        new(result.Number, result.Action, result.Outcome.ToString().ToLowerInvariant(), result.Code, result.OperationId);
}
