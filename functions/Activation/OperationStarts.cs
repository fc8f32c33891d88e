using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;
using Telephony.Functions.Http;

namespace Telephony.Functions.Activation;

public static class OperationStarts
{
    // Instance id = operation id, so it starts at most once: "already exists" counts as scheduled.
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

    // A repeat of the starting request must not start it twice.
    public static ActivationCommands.Schedule SchedulerIfNew(DurableTaskClient client) =>
        async (operation, cancellationToken) =>
        {
            if (await client.GetInstanceAsync(operation.OperationId, getInputsAndOutputs: false, cancellationToken) is null)
            {
                await Scheduler(client)(operation, cancellationToken);
            }
        };

    public static async Task<bool> IsRunningAsync(DurableTaskClient client, string operationId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(operationId, getInputsAndOutputs: false, cancellationToken)
            is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended };

    public static string Location(string operationId) => $"/api/operations/{operationId}";

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
