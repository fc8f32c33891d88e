using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Activation;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Activation;

/// <summary>
/// Activation (rule 4) and deactivation (rule 5) as durable orchestrations, run to completion: each step is an activity
/// retried with back-off; when one fails for good, the operation is failed (compensated) so the number never stays
/// PENDING. The custom status is the current step's stable name. Deterministic: no clock, ids or I/O in here.
/// </summary>
public static class OperationOrchestrations
{
    private static readonly IReadOnlyList<Step> ActivationSteps =
    [
        new(OperationStep.PutIntoService, nameof(OperationActivities.PutIntoService)),
    ];

    private static readonly IReadOnlyList<Step> DeactivationSteps =
    [
        new(OperationStep.RemoveConfiguration, nameof(OperationActivities.RemoveConfiguration)),
        new(OperationStep.ResetPin, nameof(OperationActivities.ResetPin)),
        new(OperationStep.TakeOutOfService, nameof(OperationActivities.TakeOutOfService)),
    ];

    public static string NameFor(Domain.PhoneNumbers.OperationKind kind) =>
        kind == Domain.PhoneNumbers.OperationKind.Activation ? nameof(ActivationOrchestration) : nameof(DeactivationOrchestration);

    [Function(nameof(ActivationOrchestration))]
    public static Task<OperationOutcome> ActivationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, ActivationSteps, context.CreateReplaySafeLogger(nameof(ActivationOrchestration)));

    [Function(nameof(DeactivationOrchestration))]
    public static Task<OperationOutcome> DeactivationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, DeactivationSteps, context.CreateReplaySafeLogger(nameof(DeactivationOrchestration)));

    private static async Task<OperationOutcome> RunAsync(TaskOrchestrationContext context, IReadOnlyList<Step> steps, ILogger logger)
    {
        var operation = context.GetInput<OperationInput>() ?? throw new InvalidOperationException("The orchestration needs its operation as input.");
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
            operation.Retry.MaxAttempts, operation.Retry.FirstRetryInterval, backoffCoefficient: 2, maxRetryInterval: operation.Retry.MaxRetryInterval));

        var failure = await RunStepsAsync(context, steps, operation, retry);
        if (failure is null)
        {
            context.SetCustomStatus(OperationStep.Completing);
            await context.CallActivityAsync<bool>(nameof(OperationActivities.CompleteOperation), operation, retry);
            context.SetCustomStatus(OperationStep.Completed);
            logger.LogInformation("{Kind} {OperationId} of {Number} completed", operation.Kind, operation.OperationId, operation.Number);
            return new OperationOutcome(OperationOutcome.Completed, null);
        }

        logger.LogWarning("{Kind} {OperationId} of {Number} failed: {Reason}", operation.Kind, operation.OperationId, operation.Number, failure);
        context.SetCustomStatus(OperationStep.Compensating);
        await context.CallActivityAsync<bool>(nameof(OperationActivities.FailOperation), new OperationFailure(operation, failure), retry);
        context.SetCustomStatus(OperationStep.Failed);
        return new OperationOutcome(OperationOutcome.Failed, failure);
    }

    /// <returns>Null when every step succeeded, else why the first one that failed for good did.</returns>
    private static async Task<string?> RunStepsAsync(TaskOrchestrationContext context, IReadOnlyList<Step> steps, OperationInput operation, TaskOptions retry)
    {
        foreach (var step in steps)
        {
            context.SetCustomStatus(step.Name);
            try
            {
                var result = await context.CallActivityAsync<StepResult>(step.Activity, operation, retry);
                if (!result.Succeeded)
                {
                    return result.FailureReason ?? $"Step {step.Name} failed.";
                }
            }
            catch (TaskFailedException e)
            {
                return $"Step {step.Name} still failed after {operation.Retry.MaxAttempts} attempts: {e.FailureDetails.ErrorMessage}";
            }
        }

        return null;
    }

    private sealed record Step(string Name, string Activity);
}

/// <summary>The orchestrations' activities: thin triggers over <see cref="ActivationSteps"/>, each execution one span.</summary>
public sealed class OperationActivities(ActivationSteps steps)
{
    [Function(nameof(PutIntoService))]
    public Task<StepResult> PutIntoService([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(PutIntoService), operation, () => steps.PutIntoServiceAsync(operation, cancellationToken));

    [Function(nameof(RemoveConfiguration))]
    public Task<StepResult> RemoveConfiguration([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(RemoveConfiguration), operation, () => steps.RemoveConfigurationAsync(operation, cancellationToken));

    [Function(nameof(ResetPin))]
    public Task<StepResult> ResetPin([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(ResetPin), operation, () => steps.ResetPinAsync(operation, cancellationToken));

    [Function(nameof(TakeOutOfService))]
    public Task<StepResult> TakeOutOfService([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(TakeOutOfService), operation, () => steps.TakeOutOfServiceAsync(operation, cancellationToken));

    /// <summary>Counted once: a retry or a second run of the activity finds the operation already finished (false).</summary>
    [Function(nameof(CompleteOperation))]
    public Task<bool> CompleteOperation([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(CompleteOperation), operation, async () =>
        {
            var completed = await steps.CompleteAsync(operation, cancellationToken);
            if (completed)
            {
                TelephonyTelemetry.OperationFinished(operation, OperationOutcome.Completed);
            }

            return completed;
        });

    [Function(nameof(FailOperation))]
    public Task<bool> FailOperation([ActivityTrigger] OperationFailure failure, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(FailOperation), failure.Operation, async () =>
        {
            var failed = await steps.FailAsync(failure, cancellationToken);
            if (failed)
            {
                TelephonyTelemetry.OperationFinished(failure.Operation, OperationOutcome.Failed);
            }

            return failed;
        });
}
