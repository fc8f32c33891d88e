using Microsoft.Extensions.Logging;

namespace Telephony.Domain.Activation;

// Each step does nothing unless the number is still PENDING with its operation, and platform calls are idempotent,
// so a step that runs twice applies once. Permanent refusals return a StepResult; transient ones throw, to be retried.
public sealed class ActivationStepRunner(
    ActivationCommands activation,
    IVoicePlatform platform,
    INumberConfigurationStore configurations,
    DefaultPinOptions pin,
    TimeProvider time,
    ILogger<ActivationStepRunner> logger)
{
    // Zero once no configuration or PIN change holds the number; no change can start while it is PENDING, so from then on
    // the clean-up is the only writer of its configuration.
    public async Task<TimeSpan> ConfigurationChangeHoldLeftAsync(OperationInput operation, CancellationToken cancellationToken)
    {
        var change = (await configurations.ReadAsync(operation.SiteId, operation.Number, cancellationToken))?.Change;
        var left = change is null ? TimeSpan.Zero : change.Until - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public Task<StepResult> PutIntoServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.PutIntoService, () => platform.PutIntoServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    // Nothing is removed before the number is out of service, so failing here leaves it as it was.
    public Task<StepResult> TakeOutOfServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.TakeOutOfService, () => platform.TakeOutOfServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    // The platform may have taken it out without answering (time-out), so put it back before returning to ACTIVE.
    public Task<StepResult> RestoreServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.RestoreService, () => platform.PutIntoServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    // Platform first, then storage, so storage never shows less than the platform has.
    public Task<StepResult> RemoveConfigurationAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.RemoveConfiguration, async () =>
        {
            await platform.RemoveCustomConfigurationAsync(operation.PlatformRequest, cancellationToken);
            await KeepAsync(operation, c => c.WithoutCustomConfiguration(), cancellationToken);
        }, cancellationToken);

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

    // Only this operation writes the row while the number is PENDING with it, so no version check is needed.
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

public sealed record OperationFailure(OperationInput Operation, string Reason);
