using System.Diagnostics;
using System.Diagnostics.Metrics;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Events;

namespace Telephony.Functions.Telemetry;

/// <summary>
/// The app's own traces and metrics, under one name (<see cref="Name"/>) for the ActivitySource and the Meter. Plain BCL
/// instruments: whether anything listens, and where it goes, is decided by <see cref="TelemetrySetup"/>.
/// </summary>
public static class TelephonyTelemetry
{
    public const string Name = "Telephony";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "telephony.commands", "{command}", "Commands on a number, by command and outcome (done, refused with its code, error).");

    private static readonly Counter<long> Operations = Meter.CreateCounter<long>(
        "telephony.operations", "{operation}", "Activations and deactivations that finished, by kind and outcome (completed, failed).");

    private static readonly Counter<long> Released = Meter.CreateCounter<long>(
        "telephony.cooling_off.released", "{number}", "Numbers the cooling-off release run returned to the pool.");

    private static readonly Counter<long> Skipped = Meter.CreateCounter<long>(
        "telephony.cooling_off.skipped", "{number}", "Due index entries the release run skipped (the number had moved on).");

    private static readonly Counter<long> ReleaseFailed = Meter.CreateCounter<long>(
        "telephony.cooling_off.failed", "{number}", "Due numbers the release run could not release; retried by the next run.");

    private static readonly Counter<long> SweptEvents = Meter.CreateCounter<long>(
        "telephony.events.swept", "{event}", "Events the sweep found left unpublished and published: the outbox backlog it cleared.");

    private static readonly Counter<long> StuckNumbers = Meter.CreateCounter<long>(
        "telephony.events.unpublished_numbers", "{number}", "Numbers whose events a sweep could not publish: the backlog left for the next sweep.");

    /// <summary>Runs one command on a number inside a span named after it, and counts its outcome.</summary>
    public static async Task<Result<T>> CommandAsync<T>(string command, string siteId, string? number, Func<Task<Result<T>>> run)
    {
        using var span = Source.StartActivity(command);
        span?.SetTag("telephony.site_id", siteId);
        span?.SetTag("telephony.number", number);
        try
        {
            var result = await run();
            var tags = new TagList { { "command", command }, { "outcome", result.IsSuccess ? "done" : "refused" } };
            if (!result.IsSuccess)
            {
                tags.Add("code", result.Error!.Code);
                span?.SetTag("telephony.error_code", result.Error.Code);
            }

            span?.SetTag("telephony.outcome", result.IsSuccess ? "done" : "refused");
            Commands.Add(1, tags);
            return result;
        }
        catch (Exception e)
        {
            span?.AddException(e).SetStatus(ActivityStatusCode.Error, e.Message);
            Commands.Add(1, new TagList { { "command", command }, { "outcome", "error" } });
            throw;
        }
    }

    /// <summary>One execution of an orchestration's activity, as a span named after the activity.</summary>
    public static async Task<T> ActivityAsync<T>(string activity, OperationInput operation, Func<Task<T>> run)
    {
        using var span = Source.StartActivity(activity);
        span?.SetTag("telephony.operation_id", operation.OperationId);
        span?.SetTag("telephony.operation_kind", operation.Kind);
        span?.SetTag("telephony.site_id", operation.SiteId);
        span?.SetTag("telephony.number", operation.Number);
        try
        {
            var result = await run();
            if (result is StepResult { Succeeded: false } refused)
            {
                span?.SetStatus(ActivityStatusCode.Error, refused.FailureReason);
            }

            return result;
        }
        catch (Exception e)
        {
            // Thrown = transient: the orchestration retries the activity.
            span?.AddException(e).SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>Counts an operation once, when the activity that finishes it actually changed the number.</summary>
    public static void OperationFinished(OperationInput operation, string outcome) =>
        Operations.Add(1, new TagList { { "kind", operation.Kind }, { "outcome", outcome } });

    public static void ReleaseRun(CoolingOffReleaseRun run)
    {
        Released.Add(run.Released);
        Skipped.Add(run.Skipped);
        ReleaseFailed.Add(run.Failed);
    }

    public static void Sweep(SweepOutcome outcome)
    {
        SweptEvents.Add(outcome.Published);
        StuckNumbers.Add(outcome.FailedNumbers);
    }
}
