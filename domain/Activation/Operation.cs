using System.Text.Json.Serialization;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Activation;

/// <summary>
/// What an activation or deactivation orchestration runs with: the number, the operation (also its instance id) and
/// the retry policy of its steps, fixed when it starts so every replay sees the same. <see cref="StartedBy"/> is the
/// user who started it, to whom its closing event is attributed; null when the starter is not known (the watchdog).
/// </summary>
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

/// <summary>
/// How steps are retried: each call up to <see cref="MaxAttempts"/> times with back-off; a deactivation's clean-up,
/// which only goes forward, again in rounds separated by durable timers (doubling from
/// <see cref="CleanupFirstRetryInterval"/> to <see cref="CleanupMaxRetryInterval"/>) for up to <see cref="CleanupPeriod"/>.
/// A deactivation that finds a configuration or PIN change being applied looks again every
/// <see cref="ChangeRecheckInterval"/>.
/// </summary>
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

/// <summary>
/// Why an operation failed, as operators see it in the operation and the number's <c>lastFailure</c>: a bounded
/// summary written by the app, never a copy of what another system answered (that goes to the log).
/// </summary>
public static class FailureReasons
{
    public const int MaxLength = 300;

    public static string Bound(string reason)
    {
        var printable = new string(reason.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return printable.Length > MaxLength ? printable[..(MaxLength - 1)] + "…" : printable;
    }
}

/// <summary>A step's outcome: done (or already done), or refused for good by the voice platform.</summary>
public sealed record StepResult(bool Succeeded, string? FailureReason)
{
    public static StepResult Done { get; } = new(true, null);

    public static StepResult Refused(string reason) => new(false, reason);
}

/// <summary>
/// The completing activity's input: the operation, and for a deactivation the clean-up the voice platform would not
/// do (null when none), which the number shows as its <c>lastFailure</c>.
/// </summary>
public sealed record OperationCompletion(OperationInput Operation, string? Unfinished);

/// <summary>How an operation ended, as its orchestration returns it.</summary>
public sealed record OperationOutcome(string Status, string? FailureReason)
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Running = "running";
}

/// <summary>The stable names of an operation's steps, shown as the orchestration's custom status.</summary>
public static class OperationStep
{
    public const string Starting = "starting";
    public const string PutIntoService = "put-into-service";
    public const string RemoveConfiguration = "remove-configuration";
    public const string ResetPin = "reset-pin";
    public const string TakeOutOfService = "take-out-of-service";
    /// <summary>A deactivation waits, before it touches the platform, for a configuration or PIN change being applied to end.</summary>
    public const string AwaitConfigurationChange = "await-configuration-change";
    /// <summary>A deactivation whose taking out of service may have reached the platform puts the number back into service.</summary>
    public const string RestoreService = "restore-service";
    public const string Completing = "completing";
    public const string Completed = "completed";
    public const string Compensating = "compensating";
    public const string Failed = "failed";
}
