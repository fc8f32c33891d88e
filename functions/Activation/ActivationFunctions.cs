using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Idempotency;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Activation;

/// <summary>Starts activations and deactivations, reports on them, and reconciles numbers they left PENDING.</summary>
public sealed class ActivationFunctions(ActivationCommands activation, PendingWatchdog watchdog, TimeProvider time)
{
    private const string NumberRoute = "sites/{siteId}/phone-numbers/{number}";

    [Function(nameof(ActivatePhoneNumber)), OneNumberCommand]
    public Task<IActionResult> ActivatePhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = NumberRoute + "/activate")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string siteId, string number, CancellationToken cancellationToken) =>
        StartAsync(request, client, siteId, number, OperationKind.Activation, cancellationToken);

    [Function(nameof(DeactivatePhoneNumber)), OneNumberCommand]
    public Task<IActionResult> DeactivatePhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = NumberRoute + "/deactivate")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string siteId, string number, CancellationToken cancellationToken) =>
        StartAsync(request, client, siteId, number, OperationKind.Deactivation, cancellationToken);

    [Function(nameof(GetOperation))]
    public async Task<IActionResult> GetOperation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/{operationId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string operationId, CancellationToken cancellationToken)
    {
        var instance = Guid.TryParse(operationId, out _)
            ? await client.GetInstanceAsync(operationId, getInputsAndOutputs: true, cancellationToken)
            : null;
        var operation = instance is null ? null : OperationResponse.From(instance);
        return operation is null
            ? Problems.For(Errors.OperationNotFound(operationId), request)
            : new JsonBodyResult(operation);
    }

    [Function(nameof(ReconcilePendingNumbers))]
    public async Task ReconcilePendingNumbers(
        [TimerTrigger("%PendingWatchdogSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await watchdog.ReconcileAsync(
            (operationId, ct) => OperationStarts.IsRunningAsync(client, operationId, ct), OperationStarts.Scheduler(client).Invoke, cancellationToken);

    /// <summary>
    /// Starts the operation: 202 with its <c>Location</c>, made from the number now PENDING with it. Under an
    /// <c>Idempotency-Key</c>, that answer commits with the change, and a repeat schedules the operation should the
    /// first request have died before it did.
    /// </summary>
    private Task<IActionResult> StartAsync(
        HttpRequest request, DurableTaskClient client, string siteId, string number, OperationKind kind, CancellationToken cancellationToken)
    {
        request.HttpContext.Features.Set(new ResumeOnRepeat(answer => answer.Number.PendingOperation is { } operation
            ? activation.ResumeAsync(new NumberRef(new SiteId(answer.Number.SiteId), answer.Number.Number), operation.OperationId,
                OperationStarts.SchedulerIfNew(client), cancellationToken)
            : Task.CompletedTask));
        return NumberCommand.RunAsync<EmptyRequest>(
            request, siteId, number, kind == OperationKind.Activation ? "activate" : "deactivate", emptyBodyAllowed: true, time,
            async (target, _) => (await activation.StartAsync(target, kind, OperationStarts.Scheduler(client), cancellationToken)).Map(started => started.Details),
            cancellationToken);
    }
}
