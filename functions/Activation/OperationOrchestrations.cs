using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Telephony.Domain.Activation;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Activation;

/// <summary>
/// Activation (rule 4) and deactivation (rule 5) as durable orchestrations, run to completion: each step is an activity
/// retried with back-off. An activation that fails for good is compensated back to RESERVED. A deactivation takes the
/// number out of service first: failing there leaves the number exactly as it was (back to ACTIVE); once it is out of
/// service the clean-up only goes forward, retried over hours with durable timers, and is never undone.
/// The custom status is the current step's stable name. Deterministic: no clock, ids or I/O in here.
/// </summary>
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

    /// <summary>The orchestrator a new operation of <paramref name="kind"/> is scheduled with.</summary>
    public static string NameFor(Domain.PhoneNumbers.OperationKind kind) =>
        kind == Domain.PhoneNumbers.OperationKind.Activation ? nameof(ActivationOrchestration) : nameof(DeactivationOrchestrationV2);

    /// <summary>Every orchestrator of an operation, current and earlier versions: what the operations route reads.</summary>
    public static bool IsOperation(string name) =>
        name is nameof(ActivationOrchestration) or nameof(DeactivationOrchestration) or nameof(DeactivationOrchestrationV2);

    [Function(nameof(ActivationOrchestration))]
    public static async Task<OperationOutcome> ActivationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var run = Run.Of(context, nameof(ActivationOrchestration));
        var outcome = await run.StepAsync(PutIntoService);
        return outcome.Succeeded ? await run.CompleteAsync(null) : await run.FailAsync(outcome.Reason!);
    }

    /// <summary>
    /// A deactivation: first it waits for a configuration or PIN change being applied to end (or its hold to run out),
    /// so the clean-up never races it on the platform; the deactivate command no longer checks for one.
    /// A new name rather than a changed <see cref="DeactivationOrchestration"/> (name-based versioning): instances of the
    /// earlier one replay its history unchanged, and an instance still on the earlier code, which knows only that name,
    /// cannot run one of these without the wait.
    /// </summary>
    [Function(nameof(DeactivationOrchestrationV2))]
    public static async Task<OperationOutcome> DeactivationOrchestrationV2([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var run = Run.Of(context, nameof(DeactivationOrchestrationV2));
        var notChecked = await run.AfterConfigurationChangeAsync();
        return notChecked is null ? await DeactivateAsync(run) : await run.FailAsync(notChecked);
    }

    /// <summary>
    /// The deactivation as scheduled by the earlier code, whose command refused it while a configuration or PIN change
    /// was applied: kept, unchanged, for instances started before (or by an instance still on that code).
    /// </summary>
    [Function(nameof(DeactivationOrchestration))]
    public static Task<OperationOutcome> DeactivationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DeactivateAsync(Run.Of(context, nameof(DeactivationOrchestration)));

    private static async Task<OperationOutcome> DeactivateAsync(Run run)
    {
        var outOfService = await run.StepAsync(TakeOutOfService);
        if (!outOfService.Succeeded)
        {
            var reason = outOfService.Reason!;
            if (outOfService.OutcomeUnknown)
            {
                // The platform may have taken it out of service without answering: it goes back into service first
                // (custom status restore-service, then compensating).
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

    /// <summary>A step's reason as a sentence of the summary: the platform's answer it quotes ends without a full stop.</summary>
    private static string Sentence(string reason) =>
        reason.TrimEnd() is var text && (text.EndsWith('.') || text.EndsWith('…') || text.EndsWith('!') || text.EndsWith('?')) ? text : text + ".";

    /// <summary>One orchestration's run: its operation, step retry policy and replay-safe logger.</summary>
    private sealed record Run(TaskOrchestrationContext Context, OperationInput Operation, TaskOptions Retry, ILogger Logger)
    {
        public static Run Of(TaskOrchestrationContext context, string name)
        {
            var operation = context.GetInput<OperationInput>() ?? throw new InvalidOperationException("The orchestration needs its operation as input.");
            var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
                operation.Retry.MaxAttempts, operation.Retry.FirstRetryInterval, backoffCoefficient: 2, maxRetryInterval: operation.Retry.MaxRetryInterval));
            return new Run(context, operation, retry, context.CreateReplaySafeLogger(name));
        }

        /// <summary>The step with its retry policy: done, refused by the platform, or still failing after its attempts.</summary>
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

        /// <summary>
        /// Waits while a configuration or PIN change holds the number, looking again every
        /// <see cref="StepRetry.ChangeRecheckInterval"/> (durable timer), and no longer than the hold the first look
        /// found: no change can start while the number is PENDING, so that hold is the last. Nothing is on the platform yet.
        /// </summary>
        /// <returns>Null when no change holds the number any more; else why the check itself failed.</returns>
        public async Task<string?> AfterConfigurationChangeAsync()
        {
            Context.SetCustomStatus(OperationStep.AwaitConfigurationChange);
            // Every input of this orchestrator carries the interval; one without it (zero) must still wait, not spin.
            var recheck = Operation.Retry.ChangeRecheckInterval > TimeSpan.Zero ? Operation.Retry.ChangeRecheckInterval : TimeSpan.FromSeconds(5);
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

        /// <summary>
        /// A step that must not be undone: a refusal ends it (the platform will never accept it); a failure that lasts
        /// is tried again after a durable timer, the wait doubling, until the clean-up period is over.
        /// </summary>
        /// <returns>Null when done, else why it was given up.</returns>
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

        /// <summary>
        /// The voice platform's failures are already summaries; any other exception's message (storage errors carry
        /// request details) stays in the log and the orchestration's history, not in what operators see.
        /// </summary>
        private static string Summary(TaskFailureDetails failure) =>
            failure.IsCausedBy<VoicePlatformException>() ? failure.ErrorMessage : $"an internal error ({failure.ErrorType.Split('.')[^1]}).";
    }

    /// <summary>Done; or not, with why, and whether the platform may have done it anyway (failures without an answer).</summary>
    private sealed record StepOutcome(bool Succeeded, bool OutcomeUnknown, string? Reason)
    {
        public static StepOutcome Done { get; } = new(true, false, null);
    }

    private sealed record Step(string Name, string Activity);
}

/// <summary>The orchestrations' activities: thin triggers over <see cref="ActivationStepRunner"/>, each execution one span.</summary>
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

    /// <summary>Counted once: a retry or a second run of the activity finds the operation already finished (false).</summary>
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
