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

public sealed record StepRetry(int MaxAttempts, TimeSpan FirstRetryInterval, TimeSpan MaxRetryInterval)
{
    public static StepRetry From(ActivationOptions options) =>
        new(options.StepMaxAttempts, options.StepFirstRetryInterval, options.StepMaxRetryInterval);
}

/// <summary>A step's outcome: done (or already done), or refused for good by the voice platform.</summary>
public sealed record StepResult(bool Succeeded, string? FailureReason)
{
    public static StepResult Done { get; } = new(true, null);

    public static StepResult Refused(string reason) => new(false, reason);
}

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
    public const string Completing = "completing";
    public const string Completed = "completed";
    public const string Compensating = "compensating";
    public const string Failed = "failed";
}

public static class ActivationErrors
{
    public static DomainError OperationNotFound(string operationId) =>
        new("operation-not-found", "The operation is not known.", $"No activation or deactivation '{operationId}' is known.", ErrorKind.NotFound);
}
