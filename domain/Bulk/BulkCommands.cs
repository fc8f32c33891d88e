using Microsoft.Extensions.Logging;
using Telephony.Domain.Activation;
using Telephony.Domain.Administration;
using Telephony.Domain.Assignment;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Bulk;

/// <summary>One entry of a bulk request: the action, the number, and that action's own body fields.</summary>
public sealed record BulkOperation(string? Action, string? Number, string? AllocateTo, string? OccupierId, string? UserId, string? DisplayName);

/// <summary>An entry as read from the request: its operation, or why it could not be read (it is then refused on its own).</summary>
public sealed record BulkEntry(BulkOperation? Operation, string? Problem = null, string? Number = null, string? Action = null);

public enum BulkOutcome
{
    Done,
    Refused,
    Started,
}

public sealed record BulkResult(string? Number, string? Action, BulkOutcome Outcome, string? Code, string? OperationId);

/// <summary>
/// Runs up to <see cref="MaxOperations"/> commands, each applied on its own through the same command as its single
/// route: one refusal never blocks the others. Different numbers run in parallel (at most <see cref="MaxParallelism"/>
/// at once); one number's operations run in request order.
/// </summary>
public sealed class BulkCommands(
    NumberLookup lookup,
    AllocateHandler allocate,
    DeallocateHandler deallocate,
    ActivationCommands activation,
    AssignmentCommands assignments,
    TelephonyOptions defaults,
    ILogger<BulkCommands> logger)
{
    /// <summary>The most operations in one request; checked once, where the body is read, before any is parsed.</summary>
    public const int MaxOperations = 1000;
    public const int MaxParallelism = 8;

    private static readonly string[] Actions = ["allocate", "deallocate", "activate", "deactivate", "assign", "unassign"];

    public async Task<Result<IReadOnlyList<BulkResult>>> RunAsync(
        string siteId, IReadOnlyList<BulkEntry> entries, ActivationCommands.Schedule schedule, CancellationToken cancellationToken)
    {
        var site = await lookup.FindSiteAsync(siteId, cancellationToken);
        if (!site.IsSuccess)
        {
            return site.Error!;
        }

        var results = new BulkResult[entries.Count];
        var byNumber = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (Check(entry) is { } refusal)
            {
                results[i] = new BulkResult(entry.Operation?.Number ?? entry.Number, entry.Operation?.Action ?? entry.Action, BulkOutcome.Refused, refusal.Code, null);
                continue;
            }

            var operation = entry.Operation!;
            if (!E164.TryNormalize(operation.Number, site.Value.Region(defaults), out var e164))
            {
                results[i] = new BulkResult(operation.Number, operation.Action, BulkOutcome.Refused, Errors.InvalidNumber(operation.Number!).Code, null);
                continue;
            }

            if (!byNumber.TryGetValue(e164, out var indices))
            {
                byNumber[e164] = indices = [];
            }

            indices.Add(i);
        }

        await Parallel.ForEachAsync(
            byNumber,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellationToken },
            async (numbered, ct) =>
            {
                foreach (var i in numbered.Value)
                {
                    results[i] = await RunOnceAsync(siteId, numbered.Key, entries[i].Operation!, schedule, ct);
                }
            });
        return results;
    }

    /// <summary>The entry's own refusal when it is malformed: an unknown action, no number, or a field its action does not take.</summary>
    private static DomainError? Check(BulkEntry entry)
    {
        if (entry.Problem is not null || entry.Operation is not { } operation)
        {
            return Errors.InvalidRequest(entry.Problem ?? "The operation is missing.");
        }

        if (operation.Action is null || !Actions.Contains(operation.Action) || string.IsNullOrWhiteSpace(operation.Number))
        {
            return Errors.InvalidRequest($"Each operation has an action ({string.Join(", ", Actions)}) and a number.");
        }

        var allocationFields = operation.AllocateTo is not null || operation.OccupierId is not null;
        var assignmentFields = operation.UserId is not null || operation.DisplayName is not null;
        return operation.Action switch
        {
            "allocate" when assignmentFields => Errors.InvalidRequest("allocate takes allocateTo and occupierId only."),
            "allocate" => operation.ToAllocateRequest().ToAllocation().Error,
            "assign" when allocationFields => Errors.InvalidRequest("assign takes userId and displayName only."),
            "assign" => operation.ToAssignRequest().ToAssignment().Error,
            _ when allocationFields || assignmentFields => Errors.InvalidRequest($"{operation.Action} takes no fields but the number."),
            _ => null,
        };
    }

    /// <summary>
    /// Runs one operation. Operations on different numbers of one organization all write its row (an activation takes a
    /// voice service), so under a bulk load a command loses races; its own bounded, jittered retries absorb them, and one
    /// that still loses them all is reported as <c>concurrent-update</c>.
    /// </summary>
    private async Task<BulkResult> RunOnceAsync(
        string siteId, string number, BulkOperation operation, ActivationCommands.Schedule schedule, CancellationToken cancellationToken)
    {
        var target = new NumberRef(new SiteId(siteId), number);
        try
        {
            return operation.Action switch
            {
                "allocate" => Outcome(number, operation, await allocate.AllocateAsync(target, operation.ToAllocateRequest().ToAllocation().Value, cancellationToken)),
                "deallocate" => Outcome(number, operation, await deallocate.DeallocateAsync(target, cancellationToken)),
                "assign" => Outcome(number, operation, await assignments.AssignAsync(target, operation.ToAssignRequest().ToAssignment().Value, cancellationToken)),
                "unassign" => Outcome(number, operation, await assignments.UnassignAsync(target, cancellationToken)),
                _ => Started(number, operation, await activation.StartAsync(
                    target, operation.Action == "activate" ? OperationKind.Activation : OperationKind.Deactivation, schedule, cancellationToken)),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One failing operation must not fail the others; it is reported, and logged for the operator's support.
            logger.LogError(e, "Bulk {Action} of {Number} at site {SiteId} failed", operation.Action, number, siteId);
            return new BulkResult(number, operation.Action, BulkOutcome.Refused, "operation-failed", null);
        }
    }

    private static BulkResult Outcome(string number, BulkOperation operation, Result<PhoneNumberDetails> result) =>
        new(number, operation.Action, result.IsSuccess ? BulkOutcome.Done : BulkOutcome.Refused, result.Error?.Code, null);

    private static BulkResult Started(string number, BulkOperation operation, Result<StartedOperation> result) =>
        result.IsSuccess
            ? new BulkResult(number, operation.Action, BulkOutcome.Started, null, result.Value.Operation.OperationId)
            : new BulkResult(number, operation.Action, BulkOutcome.Refused, result.Error!.Code, null);
}

internal static class BulkOperationRequests
{
    public static AllocateRequest ToAllocateRequest(this BulkOperation operation) => new(operation.AllocateTo, operation.OccupierId);

    public static AssignRequest ToAssignRequest(this BulkOperation operation) => new(operation.UserId, operation.DisplayName);
}
