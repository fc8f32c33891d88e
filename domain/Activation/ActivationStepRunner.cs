using Microsoft.Extensions.Logging;

namespace Telephony.Domain.Activation;

/// <summary>
/// The steps the orchestrations run as activities. Each does nothing unless the number is still PENDING with the
/// step's operation, and each platform call is idempotent, so a step that runs twice applies once.
/// A permanent platform refusal comes back as a <see cref="StepResult"/>; a transient one is thrown, to be retried.
/// </summary>
public sealed class ActivationStepRunner(
    ActivationCommands activation,
    IVoicePlatform platform,
    INumberConfigurationStore configurations,
    DefaultPinOptions pin,
    TimeProvider time,
    ILogger<ActivationStepRunner> logger)
{
    /// <summary>
    /// A deactivation's check before it touches the platform: how long a configuration or PIN change being applied
    /// still holds the number (its <c>ChangeUntil</c>), or zero when none is (it ended, or its app stopped and the hold
    /// ran out). No change can start while the number is PENDING, so once this says zero the clean-up is the only writer
    /// of the number's configuration, on the platform and in storage. (An operation no longer running waits for nothing
    /// that matters, and its next step does nothing.)
    /// </summary>
    public async Task<TimeSpan> ConfigurationChangeHoldLeftAsync(OperationInput operation, CancellationToken cancellationToken)
    {
        var change = (await configurations.ReadAsync(operation.SiteId, operation.Number, cancellationToken))?.Change;
        var left = change is null ? TimeSpan.Zero : change.Until - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public Task<StepResult> PutIntoServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.PutIntoService, () => platform.PutIntoServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    /// <summary>
    /// A deactivation's first step: until the number is out of service nothing has been removed, so failing here leaves
    /// the number exactly as it was.
    /// </summary>
    public Task<StepResult> TakeOutOfServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.TakeOutOfService, () => platform.TakeOutOfServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    /// <summary>
    /// Compensates a taking out of service whose outcome is unknown (time-outs): the platform may have done it without
    /// answering, so the number is put back into service before it returns to ACTIVE.
    /// </summary>
    public Task<StepResult> RestoreServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.RestoreService, () => platform.PutIntoServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    /// <summary>Clean-up: the platform first, then storage, so storage never shows less than the platform has. The PIN stays.</summary>
    public Task<StepResult> RemoveConfigurationAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.RemoveConfiguration, async () =>
        {
            await platform.RemoveCustomConfigurationAsync(operation.PlatformRequest, cancellationToken);
            await KeepAsync(operation, c => c.WithoutCustomConfiguration(), cancellationToken);
        }, cancellationToken);

    /// <summary>Clean-up: the default PIN on the platform, then no PIN of its own in storage. The configuration stays.</summary>
    public Task<StepResult> ResetPinAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.ResetPin, async () =>
        {
            await platform.ResetPinAsync(operation.PlatformRequest, pin.DefaultPin, cancellationToken);
            await KeepAsync(operation, c => c.WithDefaultPin(), cancellationToken);
        }, cancellationToken);

    public Task<bool> CompleteAsync(OperationCompletion completion, CancellationToken cancellationToken) =>
        activation.CompleteAsync(completion.Operation, completion.Unfinished, cancellationToken);

    public Task<bool> FailAsync(OperationFailure failure, CancellationToken cancellationToken) =>
        activation.FailAsync(failure.Operation, failure.Reason, cancellationToken);

    /// <summary>Only this operation writes the row while the number is PENDING with it, so no version check is needed.</summary>
    private async Task KeepAsync(OperationInput operation, Func<NumberConfiguration, NumberConfiguration> change, CancellationToken cancellationToken)
    {
        if (await configurations.FindAsync(operation.SiteId, operation.Number, cancellationToken) is { } current)
        {
            await configurations.ReplaceAsync(operation.SiteId, operation.Number, change(current), cancellationToken);
        }
    }

    private async Task<StepResult> OnPlatformAsync(OperationInput operation, string step, Func<Task> call, CancellationToken cancellationToken)
    {
        if (!await activation.IsRunningAsync(operation, cancellationToken))
        {
            logger.LogInformation("Step {Step} of {OperationId} skipped: the operation is no longer running", step, operation.OperationId);
            return StepResult.Done;
        }

        try
        {
            await call();
            return StepResult.Done;
        }
        catch (VoicePlatformException e) when (!e.IsTransient)
        {
            logger.LogWarning(e, "The voice platform refused step {Step} of {OperationId}", step, operation.OperationId);
            return StepResult.Refused(FailureReasons.Bound($"The voice platform refused to {step.Replace('-', ' ')}: {e.Message}"));
        }
    }
}

/// <summary>The compensation activity's input: which operation failed, and why.</summary>
public sealed record OperationFailure(OperationInput Operation, string Reason);
