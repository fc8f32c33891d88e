using Microsoft.Extensions.Logging;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Activation;

// Numbers left PENDING by an orchestration that no longer runs. A deactivation is run again rather than failed: it
// may already be out of service and must not go back to ACTIVE (its steps are idempotent).
public sealed class PendingWatchdog(
    IPendingNumberQuery pending,
    ActivationCommands activation,
    ActivationOptions options,
    TimeProvider time,
    ILogger<PendingWatchdog> logger)
{
    // The actor the watchdog's changes are attributed to.
    public const string ScheduleName = "pending-watchdog";

    public delegate Task<bool> IsOrchestrationRunning(string operationId, CancellationToken cancellationToken);

    public delegate Task RunAgain(OperationInput operation, CancellationToken cancellationToken);

    public async Task<int> ReconcileAsync(IsOrchestrationRunning isRunning, RunAgain runAgain, CancellationToken cancellationToken)
    {
        // The operation's starter is not kept on the number: the failure is the watchdog's own change.
        using var schedule = CurrentActor.Begin(Actor.System(ScheduleName));
        var reconciled = 0;
        await foreach (var number in pending.PendingAsync(cancellationToken))
        {
            if (number.PendingOperation is not { } operation || time.GetUtcNow() - operation.StartedAt < options.WatchdogGracePeriod)
            {
                continue;
            }

            if (await isRunning(operation.OperationId, cancellationToken))
            {
                continue;
            }

            var input = activation.InputFor(number, startedBy: null);
            if (operation.Kind == OperationKind.Deactivation)
            {
                await runAgain(input, cancellationToken);
                logger.LogWarning("Watchdog ran deactivation {OperationId} of {Number} at {SiteId} again: its orchestration was no longer running",
                    operation.OperationId, number.Number, number.SiteId);
                reconciled++;
                continue;
            }

            var reason = $"The {operation.Kind.ToWire()} stopped before it finished: its orchestration is no longer running.";
            if (await activation.FailAsync(input, reason, cancellationToken))
            {
                logger.LogWarning("Watchdog failed {Kind} {OperationId} of {Number} at {SiteId}: its orchestration is no longer running",
                    operation.Kind.ToWire(), operation.OperationId, number.Number, number.SiteId);
                reconciled++;
            }
        }

        return reconciled;
    }
}
