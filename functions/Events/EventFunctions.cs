using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Common;
using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.Telemetry;
using Telephony.Infrastructure.Events;

namespace Telephony.Functions.Events;

/// <summary>A number's history, the site's activity, and the schedules that publish events a change left unpublished.</summary>
public sealed class EventFunctions(PhoneNumberHistory history, SiteActivity activity, OutboxPublisher outbox, ILogger<EventFunctions> logger)
{
    /// <summary>The site's audit trail: every number's events, newest first, optionally of one number, type or actor.</summary>
    [Function(nameof(GetSiteActivity))]
    public async Task<IActionResult> GetSiteActivity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sites/{siteId}/activity")] HttpRequest request,
        string siteId, CancellationToken cancellationToken)
    {
        var pageSize = PageSizes.Read(request.Query["pageSize"], SiteActivity.DefaultPageSize, SiteActivity.MaxPageSize);
        var after = ActivityToken.Read(request.Query["continuationToken"]);
        if (!pageSize.IsSuccess || !after.IsSuccess)
        {
            return Problems.For(pageSize.Error ?? after.Error!, request);
        }

        var page = await activity.PageAsync(
            siteId, request.Query["number"], request.Query["type"], request.Query["actor"], pageSize.Value, after.Value, cancellationToken);
        return page.Answer(request, p => new JsonBodyResult(new ActivityResponse(
            p.Items.Select(ActivityItem.From).ToList(), ActivityToken.Write(p.After))));
    }

    [Function(nameof(GetPhoneNumberHistory))]
    public async Task<IActionResult> GetPhoneNumberHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sites/{siteId}/phone-numbers/{number}/history")] HttpRequest request,
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

    /// <summary>
    /// Marks pending every site holding notes whose change could not mark it (the process stopped between the commit and
    /// the publish); the next sweep publishes them.
    /// </summary>
    [Function(nameof(ReconcilePendingEvents))]
    public async Task ReconcilePendingEvents([TimerTrigger("%EventReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var marked = await outbox.ReconcileAsync(cancellationToken);
        if (marked > 0)
        {
            logger.LogWarning("Event reconciliation found unpublished events at {Sites} sites that no sweep was told of; the sweep publishes them", marked);
        }
    }

    /// <summary>Publishes what changes left pending at the sites marked so (Service Bus was down or slow), each number in order.</summary>
    [Function(nameof(SweepPendingEvents))]
    public async Task SweepPendingEvents([TimerTrigger("%EventSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!outbox.IsEnabled)
        {
            return;
        }

        var outcome = await outbox.SweepAsync(cancellationToken);
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
    string EventId, string Type, DateTimeOffset Time, long Sequence, string? PreviousStatus, string Status, string? OperationId, ActorItem Actor)
{
    public static HistoryItem From(PhoneNumberEvent e) =>
        new(e.EventId, e.Type, e.Time, e.Sequence, e.PreviousStatus?.ToWire(), e.Status.ToWire(), e.OperationId, ActorItem.From(e.Actor));
}

public sealed record ActivityResponse(IReadOnlyList<ActivityItem> Items, string? ContinuationToken);

/// <summary>A history item with the number it is about.</summary>
public sealed record ActivityItem(
    string EventId, string Number, string Type, DateTimeOffset Time, long Sequence, string? PreviousStatus, string Status, string? OperationId,
    ActorItem Actor)
{
    public static ActivityItem From(PhoneNumberEvent e) =>
        new(e.EventId, e.Number, e.Type, e.Time, e.Sequence, e.PreviousStatus?.ToWire(), e.Status.ToWire(), e.OperationId, ActorItem.From(e.Actor));
}

/// <summary>
/// The activity's continuation token: opaque to callers, base64url of the position the next page starts after (an
/// event's, or storage's continuation of a filtered scan, which is longer).
/// </summary>
internal static class ActivityToken
{
    private const int MaxLength = 1024;

    public static string? Write(string? after) => OpaqueToken.Encode(after);

    public static Result<string?> Read(string? token) => OpaqueToken.Read(token, MaxLength, _ => true);
}

/// <summary>Who made a change: <c>{"type":"user"|"system","name":…}</c>.</summary>
public sealed record ActorItem(string Type, string Name)
{
    public static ActorItem From(Actor actor) => new(actor.Type, actor.Name);
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
               Digits.TryParse(token.AsSpan(Prefix.Length), out var before) &&
               before >= 1
            ? Result<long?>.Success(before)
            : Errors.InvalidRequest("continuationToken is not one this API issued: start again from the first page.");
    }
}
