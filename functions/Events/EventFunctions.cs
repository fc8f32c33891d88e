using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Common;
using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Events;

/// <summary>A number's history, and the sweep that publishes events a change left unpublished.</summary>
public sealed class EventFunctions(PhoneNumberHistory history, EventDispatcher dispatcher, ILogger<EventFunctions> logger)
{
    [Function(nameof(GetPhoneNumberHistory))]
    public async Task<IActionResult> GetPhoneNumberHistory(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sites/{siteId}/phone-numbers/{number}/history")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var pageSize = PageSizes.Read(request.Query["pageSize"], PhoneNumberHistory.DefaultPageSize, PhoneNumberHistory.MaxPageSize);
        var before = HistoryToken.Read(request.Query["continuationToken"]);
        if (!pageSize.IsSuccess || !before.IsSuccess)
        {
            return Problems.For(pageSize.Error ?? before.Error!, request);
        }

        var page = await history.PageAsync(siteId, number, pageSize.Value, before.Value, cancellationToken);
        return page.Answer(request, p => new JsonBodyResult(new HistoryResponse(
            p.Items.Select(HistoryItem.From).ToList(), HistoryToken.Write(p.Before))));
    }

    /// <summary>Publishes what a change left pending (the process died, or Service Bus was down), each number in order.</summary>
    [Function(nameof(SweepPendingEvents))]
    public async Task SweepPendingEvents([TimerTrigger("%EventSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!dispatcher.IsEnabled)
        {
            return;
        }

        var outcome = await dispatcher.SweepAsync(cancellationToken);
        TelephonyTelemetry.Sweep(outcome);
        if (outcome.FailedNumbers > 0)
        {
            logger.LogWarning(outcome.FirstFailure,
                "Event sweep published {Published} events; {FailedNumbers} numbers still have unpublished events and are retried by the next sweep",
                outcome.Published, outcome.FailedNumbers);
        }
        else if (outcome.Published > 0)
        {
            logger.LogInformation("Event sweep published {Published} events", outcome.Published);
        }
    }
}

public sealed record HistoryResponse(IReadOnlyList<HistoryItem> Items, string? ContinuationToken);

public sealed record HistoryItem(
    string EventId, string Type, DateTimeOffset Time, long Sequence, string? PreviousStatus, string Status, string? OperationId)
{
    public static HistoryItem From(PhoneNumberEvent e) =>
        new(e.EventId, e.Type, e.Time, e.Sequence, e.PreviousStatus?.ToWire(), e.Status.ToWire(), e.OperationId);
}

/// <summary>The history's continuation token: opaque to callers, the sequence the next page starts below.</summary>
internal static class HistoryToken
{
    private const string Prefix = "h";

    public static string? Write(long? before) => before is { } b ? Prefix + b.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    public static Result<long?> Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Result<long?>.Success(null);
        }

        return token.Length <= 20 && token.StartsWith(Prefix, StringComparison.Ordinal) &&
               long.TryParse(token.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var before) &&
               before >= 1
            ? Result<long?>.Success(before)
            : Errors.InvalidRequest("continuationToken is not one this API issued: start again from the first page.");
    }
}
