using System.Text.Json.Serialization;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Activation;

// Fixed when it starts so every replay sees the same. StartedBy is null when not known (the watchdog).
public sealed record OperationInput(
    string OperationId,
    string Kind,
    string SiteId,
    string Number,
    DateTimeOffset StartedAt,
    StepRetry Retry,
    Actor? StartedBy = null)
{
    [JsonIgnore]
    public OperationKind OperationKind => OperationKindNames.Parse(Kind);

    [JsonIgnore]
    public VoicePlatformRequest PlatformRequest => new(SiteId, Number, OperationId);
}

public sealed record StepRetry(
    int MaxAttempts,
    TimeSpan FirstRetryInterval,
    TimeSpan MaxRetryInterval,
    TimeSpan CleanupFirstRetryInterval,
    TimeSpan CleanupMaxRetryInterval,
    TimeSpan CleanupPeriod,
    TimeSpan ChangeRecheckInterval)
{
    public static StepRetry From(ActivationOptions options) =>
        new(options.StepMaxAttempts, options.StepFirstRetryInterval, options.StepMaxRetryInterval,
            options.CleanupFirstRetryInterval, options.CleanupMaxRetryInterval, options.CleanupPeriod, options.ConfigurationChangeRecheckInterval);
}

// A bounded summary written by the app, never a copy of another system's answer (that goes to the log).
public static class FailureReasons
{
    public const int MaxLength = 300;

    public static string Bound(string reason)
    {
        var printable = new string(reason.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return printable.Length > MaxLength ? printable[..(MaxLength - 1)] + "…" : printable;
    }
}

public sealed record StepResult(bool Succeeded, string? FailureReason)
{
    public static StepResult Done { get; } = new(true, null);

    public static StepResult Refused(string reason) => new(false, reason);
}

public sealed record OperationCompletion(OperationInput Operation, string? Unfinished);

public sealed record OperationOutcome(string Status, string? FailureReason)
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Running = "running";
}

// Shown as the orchestration's custom status.
public static class OperationStep
{
    public const string Starting = "starting";
    public const string PutIntoService = "put-into-service";
    public const string RemoveConfiguration = "remove-configuration";
    public const string ResetPin = "reset-pin";
    public const string TakeOutOfService = "take-out-of-service";
    public const string AwaitConfigurationChange = "await-configuration-change";
    public const string RestoreService = "restore-service";
    public const string Completing = "completing";
    public const string Completed = "completed";
    public const string Compensating = "compensating";
    public const string Failed = "failed";
}
