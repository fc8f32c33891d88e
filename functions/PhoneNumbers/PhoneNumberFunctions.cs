using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.Idempotency;
using Telephony.Infrastructure.Csv;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.PhoneNumbers;

/// <summary>The Site Telephony page's API: view, filter, search, export, allocate and deallocate.</summary>
public sealed class PhoneNumberFunctions(PhoneNumberQueries queries, AllocateHandler allocate, DeallocateHandler deallocate, TimeProvider time)
{
    private const string NumbersRoute = "sites/{siteId}/phone-numbers";
    private const string NumberRoute = NumbersRoute + "/{number}";

    [Function(nameof(ListPhoneNumbers))]
    public async Task<IActionResult> ListPhoneNumbers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = NumbersRoute)] HttpRequest request, string siteId, CancellationToken cancellationToken)
    {
        var filter = ReadFilter(request);
        if (!filter.IsSuccess)
        {
            return Problems.For(filter.Error!, request);
        }

        var pageSize = PageSizes.Read(request.Query["pageSize"], PhoneNumberQueries.DefaultPageSize, PhoneNumberQueries.MaxPageSize);
        var after = ContinuationToken.Read(request.Query["continuationToken"]);
        if (!pageSize.IsSuccess || !after.IsSuccess)
        {
            return Problems.For(pageSize.Error ?? after.Error!, request);
        }

        var page = await queries.ListAsync(siteId, filter.Value, pageSize.Value, after.Value, cancellationToken);
        var now = time.GetUtcNow();
        return page.Answer(request, p => new JsonBodyResult(new PhoneNumberListResponse(
            p.Items.Select(n => PhoneNumberResponse.From(n, now)).ToList(),
            ContinuationToken.Write(p.LastNumber))));
    }

    // The Functions host tries routes in the alphabetical order of function names, not by ASP.NET precedence
    // (azure-functions-host#9876): "FacetPhoneNumbers" and "ExportPhoneNumbers" sort before "GetPhoneNumber", whose
    // {number} would otherwise swallow "facets" and "export".
    [Function(nameof(FacetPhoneNumbers))]
    public async Task<IActionResult> FacetPhoneNumbers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = NumbersRoute + "/facets")] HttpRequest request, string siteId, CancellationToken cancellationToken)
    {
        var facets = await queries.FacetsAsync(siteId, cancellationToken);
        return facets.Answer(request, f => new JsonBodyResult(FacetsResponse.From(f)));
    }

    [Function(nameof(ExportPhoneNumbers))]
    public async Task<IActionResult> ExportPhoneNumbers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = NumbersRoute + "/export")] HttpRequest request, string siteId, CancellationToken cancellationToken)
    {
        var filter = ReadFilter(request);
        if (!filter.IsSuccess)
        {
            return Problems.For(filter.Error!, request);
        }

        var rows = await queries.ExportAsync(siteId, filter.Value, cancellationToken);
        return rows.Answer(request, r => new CsvExportResult(r, $"{siteId}-phone-numbers-{time.GetUtcNow():yyyyMMdd}.csv"));
    }

    [Function(nameof(GetPhoneNumber))]
    public async Task<IActionResult> GetPhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = NumberRoute)] HttpRequest request, string siteId, string number, CancellationToken cancellationToken)
    {
        var found = await queries.GetAsync(siteId, number, cancellationToken);
        return found.Answer(request, d => NumberCommand.Answer(d, time.GetUtcNow()));
    }

    [Function(nameof(AllocatePhoneNumber)), OneNumberCommand]
    public Task<IActionResult> AllocatePhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = NumberRoute + "/allocate")] HttpRequest request, string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<AllocateRequest, Allocation>(request, siteId, number, "allocate", emptyBodyAllowed: false, time,
            body => body.ToAllocation(), (target, allocation) => allocate.AllocateAsync(target, allocation, cancellationToken), cancellationToken);

    [Function(nameof(DeallocatePhoneNumber)), OneNumberCommand]
    public Task<IActionResult> DeallocatePhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = NumberRoute + "/deallocate")] HttpRequest request, string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<EmptyRequest>(request, siteId, number, "deallocate", emptyBodyAllowed: true, time,
            (target, _) => deallocate.DeallocateAsync(target, cancellationToken), cancellationToken);

    private static Result<PhoneNumberFilter> ReadFilter(HttpRequest request) => PhoneNumberFilter.Parse(
        request.Query["status"], request.Query["allocation"], request.Query["occupierId"], request.Query["assignment"], request.Query["search"]);
}

/// <summary>A command that takes no fields: an empty body or <c>{}</c>.</summary>
public sealed record EmptyRequest;

/// <summary>The list's continuation token: opaque to callers, the last number of the page they read.</summary>
internal static class ContinuationToken
{
    public static string? Write(string? lastNumber) => OpaqueToken.Encode(lastNumber);

    public static Result<string?> Read(string? token) =>
        OpaqueToken.Read(token, 64, number => number is { Length: > 1 } && number[0] == '+' && number.Skip(1).All(char.IsAsciiDigit));
}

/// <summary>Streams the CSV to the response as rows are read: the export never holds the whole file.</summary>
internal sealed class CsvExportResult(IAsyncEnumerable<PhoneNumberDetails> rows, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await PhoneNumberCsv.WriteAsync(response.Body, rows, context.HttpContext.RequestAborted);
    }
}
