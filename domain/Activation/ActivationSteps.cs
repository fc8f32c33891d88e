using Microsoft.Extensions.Logging;

namespace Telephony.Domain.Activation;

/// <summary>
/// The steps the orchestrations run as activities. Each does nothing unless the number is still PENDING with the
/// step's operation, and each platform call is idempotent, so a step that runs twice applies once.
/// A permanent platform refusal comes back as a <see cref="StepResult"/>; a transient one is thrown, to be retried.
/// </summary>
public sealed class ActivationSteps(
    ActivationCommands activation,
    IVoicePlatform platform,
    INumberConfigurationStore configurations,
    DefaultPinOptions pin,
    ILogger<ActivationSteps> logger)
{
    public Task<StepResult> PutIntoServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.PutIntoService, () => platform.PutIntoServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    public Task<StepResult> RemoveConfigurationAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.RemoveConfiguration, async () =>
        {
            await platform.RemoveCustomConfigurationAsync(operation.PlatformRequest, cancellationToken);
            await configurations.DeleteAsync(operation.SiteId, operation.Number, cancellationToken);
        }, cancellationToken);

    /// <summary>The stored PIN went with the configuration row: only the platform's needs resetting.</summary>
    public Task<StepResult> ResetPinAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.ResetPin, async () =>
        {
            await platform.ResetPinAsync(operation.PlatformRequest, pin.DefaultPin, cancellationToken);
            await configurations.DeleteAsync(operation.SiteId, operation.Number, cancellationToken);
        }, cancellationToken);

    public Task<StepResult> TakeOutOfServiceAsync(OperationInput operation, CancellationToken cancellationToken) =>
        OnPlatformAsync(operation, OperationStep.TakeOutOfService, () => platform.TakeOutOfServiceAsync(operation.PlatformRequest, cancellationToken), cancellationToken);

    public Task<bool> CompleteAsync(OperationInput operation, CancellationToken cancellationToken) =>
        activation.CompleteAsync(operation, cancellationToken);

    public Task<bool> FailAsync(OperationFailure failure, CancellationToken cancellationToken) =>
        activation.FailAsync(failure.Operation, failure.Reason, cancellationToken);

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
            return StepResult.Refused($"The voice platform refused to {step.Replace('-', ' ')}: {e.Message}");
        }
    }
}

/// <summary>The compensation activity's input: which operation failed, and why.</summary>
public sealed record OperationFailure(OperationInput Operation, string Reason);
