using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;

namespace Telephony.Functions.Activation;

public sealed record OperationResponse(
    string OperationId,
    string Kind,
    string SiteId,
    string Number,
    string Status,
    string Step,
    string? FailureReason,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt)
{
    public static OperationResponse? From(OrchestrationMetadata instance)
    {
        if (!OperationOrchestrations.IsOperation(instance.Name)
            || instance.ReadInputAs<OperationInput>() is not { } operation)
        {
            return null;
        }

        var step = instance.ReadCustomStatusAs<string>() ?? OperationStep.Starting;
        var (status, reason) = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => instance.ReadOutputAs<OperationOutcome>() is { } outcome
                ? (outcome.Status, outcome.FailureReason)
                : (OperationOutcome.Completed, null),
            // The exception's own text stays in the orchestration's history and the log: operators get a summary.
            OrchestrationRuntimeStatus.Failed => (OperationOutcome.Failed, "The operation stopped on an internal error."),
            OrchestrationRuntimeStatus.Terminated => (OperationOutcome.Failed, "The operation was terminated."),
            _ => (OperationOutcome.Running, (string?)null),
        };
        return new OperationResponse(
            operation.OperationId, operation.Kind, operation.SiteId, operation.Number, status, step, reason, operation.StartedAt,
            status == OperationOutcome.Running ? null : instance.LastUpdatedAt);
    }
}
