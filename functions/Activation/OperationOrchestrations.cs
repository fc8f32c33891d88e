using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Activation;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Activation;

// Each step is an activity retried with back-off. A failed activation is compensated back to RESERVED; once a
// deactivation is out of service its clean-up only goes forward. Deterministic: no clock, ids or I/O in here.
public static class OperationOrchestrations
{
    private static readonly Step PutIntoService = new(OperationStep.PutIntoService, nameof(OperationActivities.PutIntoService));
    private static readonly Step TakeOutOfService = new(OperationStep.TakeOutOfService, nameof(OperationActivities.TakeOutOfService));
    private static readonly Step RestoreService = new(OperationStep.RestoreService, nameof(OperationActivities.RestoreService));

    private static readonly IReadOnlyList<Step> CleanupSteps =
    [
        new(OperationStep.RemoveConfiguration, nameof(OperationActivities.RemoveConfiguration)),
        new(OperationStep.ResetPin, nameof(OperationActivities.ResetPin)),
    ];

    public static string NameFor(Domain.PhoneNumbers.OperationKind kind) =>
        kind == Domain.PhoneNumbers.OperationKind.Activation ? nameof(ActivationOrchestration) : nameof(DeactivationOrchestration);

    public static bool IsOperation(string name) => name is nameof(ActivationOrchestration) or nameof(DeactivationOrchestration);

    [Function(nameof(ActivationOrchestration))]
    public static async Task<OperationOutcome> ActivationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var run = Run.Of(context, nameof(ActivationOrchestration));
        var outcome = await run.StepAsync(PutIntoService);
        return outcome.Succeeded ? await run.CompleteAsync(null) : await run.FailAsync(outcome.Reason!);
    }

    // Waits for a configuration or PIN change to end first, so the clean-up never races it on the platform.
    [Function(nameof(DeactivationOrchestration))]
    public static async Task<OperationOutcome> DeactivationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var run = Run.Of(context, nameof(DeactivationOrchestration));
        var notChecked = await run.AfterConfigurationChangeAsync();
        return notChecked is null ? await DeactivateAsync(run) : await run.FailAsync(notChecked);
    }

    private static async Task<OperationOutcome> DeactivateAsync(Run run)
    {
        var outOfService = await run.StepAsync(TakeOutOfService);
        if (!outOfService.Succeeded)
        {
            var reason = outOfService.Reason!;
            if (outOfService.OutcomeUnknown)
            {
                // The platform may have taken it out of service without answering: restore service first.
                if (await run.UntilDoneAsync(RestoreService) is { } notRestored)
                {
                    reason = Sentence(reason) + " Putting it back into service failed too: " + notRestored;
                }
            }

            return await run.FailAsync(reason);
        }

        var unfinished = new List<string>();
        foreach (var step in CleanupSteps)
        {
            if (await run.UntilDoneAsync(step) is { } left)
            {
                unfinished.Add(left);
            }
        }

        return await run.CompleteAsync(unfinished.Count == 0
            ? null
            : "Taken out of service, but the clean-up did not finish: " + string.Join(" ", unfinished.Select(Sentence)) + " What was not removed is kept and shown.");
    }

    // The platform's answer it quotes ends without a full stop.
    private static string Sentence(string reason) =>
        reason.TrimEnd() is var text && (text.EndsWith('.') || text.EndsWith('…') || text.EndsWith('!') || text.EndsWith('?')) ? text : text + ".";

    private sealed record Run(TaskOrchestrationContext Context, OperationInput Operation, TaskOptions Retry, ILogger Logger)
    {
        public static Run Of(TaskOrchestrationContext context, string name)
        {
            var operation = context.GetInput<OperationInput>() ?? throw new InvalidOperationException("The orchestration needs its operation as input.");
            var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
                operation.Retry.MaxAttempts, operation.Retry.FirstRetryInterval, backoffCoefficient: 2, maxRetryInterval: operation.Retry.MaxRetryInterval));
            return new Run(context, operation, retry, context.CreateReplaySafeLogger(name));
        }

        public async Task<StepOutcome> StepAsync(Step step)
        {
            Context.SetCustomStatus(step.Name);
            try
            {
                var result = await Context.CallActivityAsync<StepResult>(step.Activity, Operation, Retry);
                return result.Succeeded ? StepOutcome.Done : new StepOutcome(false, false, result.FailureReason ?? $"Step {step.Name} failed.");
            }
            catch (TaskFailedException e)
            {
                return new StepOutcome(false, true,
                    $"Step {step.Name} still failed after {Operation.Retry.MaxAttempts} attempts: {Summary(e.FailureDetails)}");
            }
        }

        // No change can start while the number is PENDING, so the hold the first look found is the last.
        public async Task<string?> AfterConfigurationChangeAsync()
        {
            Context.SetCustomStatus(OperationStep.AwaitConfigurationChange);
            var recheck = Operation.Retry.ChangeRecheckInterval;
            DateTime? holdEnds = null;
            while (true)
            {
                TimeSpan left;
                try
                {
                    left = await Context.CallActivityAsync<TimeSpan>(nameof(OperationActivities.ConfigurationChangeHoldLeft), Operation, Retry);
                }
                catch (TaskFailedException e)
                {
                    return $"Checking for a configuration change being applied still failed after {Operation.Retry.MaxAttempts} attempts: {Summary(e.FailureDetails)}";
                }

                holdEnds ??= Context.CurrentUtcDateTime + left;
                var wait = new[] { left, recheck, holdEnds.Value - Context.CurrentUtcDateTime }.Min();
                if (wait <= TimeSpan.Zero)
                {
                    return null;
                }

                Logger.LogInformation("{Kind} {OperationId} of {Number} waits {Wait} for a configuration change being applied",
                    Operation.Kind, Operation.OperationId, Operation.Number, wait);
                await Context.CreateTimer(wait, CancellationToken.None);
            }
        }

        // Must not be undone: a refusal ends it; a lasting failure is retried after a doubling durable timer until the period ends.
        public async Task<string?> UntilDoneAsync(Step step)
        {
            var giveUpAt = Context.CurrentUtcDateTime + Operation.Retry.CleanupPeriod;
            var wait = Operation.Retry.CleanupFirstRetryInterval;
            while (true)
            {
                var outcome = await StepAsync(step);
                if (!outcome.OutcomeUnknown)
                {
                    return outcome.Reason;
                }

                if (Context.CurrentUtcDateTime + wait > giveUpAt)
                {
                    return $"{Sentence(outcome.Reason!)} Given up after retrying for {Operation.Retry.CleanupPeriod}.";
                }

                Logger.LogWarning("Step {Step} of {OperationId} is tried again in {Wait}: {Reason}", step.Name, Operation.OperationId, wait, outcome.Reason);
                await Context.CreateTimer(wait, CancellationToken.None);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, Operation.Retry.CleanupMaxRetryInterval.Ticks));
            }
        }

        public async Task<OperationOutcome> CompleteAsync(string? unfinished)
        {
            Context.SetCustomStatus(OperationStep.Completing);
            await Context.CallActivityAsync<bool>(nameof(OperationActivities.CompleteOperation), new OperationCompletion(Operation, unfinished), Retry);
            Context.SetCustomStatus(OperationStep.Completed);
            Logger.LogInformation("{Kind} {OperationId} of {Number} completed", Operation.Kind, Operation.OperationId, Operation.Number);
            return new OperationOutcome(OperationOutcome.Completed, unfinished is null ? null : FailureReasons.Bound(unfinished));
        }

        public async Task<OperationOutcome> FailAsync(string reason)
        {
            reason = FailureReasons.Bound(reason);
            Logger.LogWarning("{Kind} {OperationId} of {Number} failed: {Reason}", Operation.Kind, Operation.OperationId, Operation.Number, reason);
            Context.SetCustomStatus(OperationStep.Compensating);
            await Context.CallActivityAsync<bool>(nameof(OperationActivities.FailOperation), new OperationFailure(Operation, reason), Retry);
            Context.SetCustomStatus(OperationStep.Failed);
            return new OperationOutcome(OperationOutcome.Failed, reason);
        }

        // Other exceptions' messages (storage errors carry request details) stay in the log, not in what operators see.
        private static string Summary(TaskFailureDetails failure) =>
            failure.IsCausedBy<VoicePlatformException>() ? failure.ErrorMessage : $"an internal error ({failure.ErrorType.Split('.')[^1]}).";
    }

    private sealed record StepOutcome(bool Succeeded, bool OutcomeUnknown, string? Reason)
    {
        public static StepOutcome Done { get; } = new(true, false, null);
    }

    private sealed record Step(string Name, string Activity);
}

public sealed class OperationActivities(ActivationStepRunner runner)
{
    [Function(nameof(PutIntoService))]
    public Task<StepResult> PutIntoService([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(PutIntoService), operation, () => runner.PutIntoServiceAsync(operation, cancellationToken));

    [Function(nameof(ConfigurationChangeHoldLeft))]
    public Task<TimeSpan> ConfigurationChangeHoldLeft([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(ConfigurationChangeHoldLeft), operation, () => runner.ConfigurationChangeHoldLeftAsync(operation, cancellationToken));

    [Function(nameof(RemoveConfiguration))]
    public Task<StepResult> RemoveConfiguration([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(RemoveConfiguration), operation, () => runner.RemoveConfigurationAsync(operation, cancellationToken));

    [Function(nameof(ResetPin))]
    public Task<StepResult> ResetPin([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(ResetPin), operation, () => runner.ResetPinAsync(operation, cancellationToken));

    [Function(nameof(RestoreService))]
    public Task<StepResult> RestoreService([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(RestoreService), operation, () => runner.RestoreServiceAsync(operation, cancellationToken));

    [Function(nameof(TakeOutOfService))]
    public Task<StepResult> TakeOutOfService([ActivityTrigger] OperationInput operation, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(TakeOutOfService), operation, () => runner.TakeOutOfServiceAsync(operation, cancellationToken));

    // A retry or second run finds the operation already finished, so it is counted once.
    [Function(nameof(CompleteOperation))]
    public Task<bool> CompleteOperation([ActivityTrigger] OperationCompletion completion, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(CompleteOperation), completion.Operation, async () =>
        {
            var completed = await runner.CompleteAsync(completion, cancellationToken);
            if (completed)
            {
                TelephonyTelemetry.OperationFinished(completion.Operation, OperationOutcome.Completed);
            }

            return completed;
        });

    [Function(nameof(FailOperation))]
    public Task<bool> FailOperation([ActivityTrigger] OperationFailure failure, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ActivityAsync(nameof(FailOperation), failure.Operation, async () =>
        {
            var failed = await runner.FailAsync(failure, cancellationToken);
            if (failed)
            {
                TelephonyTelemetry.OperationFinished(failure.Operation, OperationOutcome.Failed);
            }

            return failed;
        });
}
