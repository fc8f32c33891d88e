using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;
using Telephony.Functions.Http;

namespace Telephony.Functions.Activation;

/// <summary>
/// The one place an activation or deactivation is scheduled on the Durable host and a started one is answered:
/// <c>202 Accepted</c> with <c>Location: /api/operations/{operationId}</c>, where its progress is read.
/// </summary>
public static class OperationStarts
{
    /// <summary>
    /// Schedules the operation's orchestration with the operation id as its instance id, so it starts at most once: when
    /// scheduling fails because that instance runs already (a repeat of the same request scheduled it first), the
    /// operation counts as scheduled.
    /// </summary>
    public static ActivationCommands.Schedule Scheduler(DurableTaskClient client) =>
        async (operation, cancellationToken) =>
        {
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(
                    OperationOrchestrations.NameFor(operation.OperationKind), operation, new StartOrchestrationOptions(operation.OperationId), cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                if (!await IsRunningAsync(client, operation.OperationId, cancellationToken))
                {
                    throw;
                }
            }
        };

    /// <summary>
    /// Schedules the operation's orchestration unless an instance of it exists (running, or finished): for a repeat of
    /// the request that started it, which must not start it twice.
    /// </summary>
    public static ActivationCommands.Schedule SchedulerIfNew(DurableTaskClient client) =>
        async (operation, cancellationToken) =>
        {
            if (await client.GetInstanceAsync(operation.OperationId, getInputsAndOutputs: false, cancellationToken) is null)
            {
                await Scheduler(client)(operation, cancellationToken);
            }
        };

    /// <summary>Whether the orchestration with this instance id is running (or about to).</summary>
    public static async Task<bool> IsRunningAsync(DurableTaskClient client, string operationId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(operationId, getInputsAndOutputs: false, cancellationToken)
            is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended };

    /// <summary>Where the operation's progress is read (<c>GET /api/operations/{operationId}</c>).</summary>
    public static string Location(string operationId) => $"/api/operations/{operationId}";

    /// <summary>
    /// The answer <paramref name="answer"/> makes for a status: 202 with the operation's Location when one was started,
    /// otherwise (nothing was started) 200.
    /// </summary>
    public static JsonBodyResult Answer(Func<int, JsonBodyResult> answer, string? operationId)
    {
        var result = answer(operationId is null ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
        if (operationId is not null)
        {
            result.Headers["Location"] = Location(operationId);
        }

        return result;
    }
}
