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
    /// <summary>Schedules the operation's orchestration with the operation id as its instance id, so it starts at most once.</summary>
    public static ActivationCommands.Schedule Scheduler(DurableTaskClient client) =>
        (operation, cancellationToken) => client.ScheduleNewOrchestrationInstanceAsync(
            OperationOrchestrations.NameFor(operation.OperationKind), operation, new StartOrchestrationOptions(operation.OperationId), cancellationToken);

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
