using Microsoft.Extensions.Logging;
using Telephony.Domain.Activation;
using Telephony.Domain.Administration;
using Telephony.Domain.Assignment;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Bulk;

public sealed record BulkOperation(string? Action, string? Number, string? AllocateTo, string? OccupierId, string? UserId, string? DisplayName);

public sealed record BulkEntry(BulkOperation? Operation, string? Problem = null, string? Number = null, string? Action = null);

public enum BulkOutcome
{
    Done,
    Refused,
    Started,
}

public sealed record BulkResult(string? Number, string? Action, BulkOutcome Outcome, string? Code, string? OperationId);

// Each through its single route's command, so one refusal never blocks the others; one number's operations run in order.
public sealed class BulkCommands(
    NumberLookup lookup,
    AllocateHandler allocate,
    DeallocateHandler deallocate,
    ActivationCommands activation,
    AssignmentCommands assignments,
    TelephonyOptions defaults,
    ILogger<BulkCommands> logger)
{
    // Checked once, where the body is read, before any is parsed.
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
            "allocate" => Allocation.Parse(operation.AllocateTo, operation.OccupierId).Error,
            "assign" when allocationFields => Errors.InvalidRequest("assign takes userId and displayName only."),
            "assign" => PhoneNumbers.Assignment.Parse(operation.UserId, operation.DisplayName).Error,
            _ when allocationFields || assignmentFields => Errors.InvalidRequest($"{operation.Action} takes no fields but the number."),
            _ => null,
        };
    }

    // Operations on one organization all write its row, so they lose races; the command's jittered retries absorb them.
    private async Task<BulkResult> RunOnceAsync(
        string siteId, string number, BulkOperation operation, ActivationCommands.Schedule schedule, CancellationToken cancellationToken)
    {
        var target = new NumberRef(new SiteId(siteId), number);
        try
        {
            return operation.Action switch
            {
                "allocate" => Outcome(number, operation, await allocate.AllocateAsync(
                    target, Allocation.Parse(operation.AllocateTo, operation.OccupierId).Value, cancellationToken)),
                "deallocate" => Outcome(number, operation, await deallocate.DeallocateAsync(target, cancellationToken)),
                "assign" => Outcome(number, operation, await assignments.AssignAsync(
                    target, PhoneNumbers.Assignment.Parse(operation.UserId, operation.DisplayName).Value, cancellationToken)),
                "unassign" => Outcome(number, operation, await assignments.UnassignAsync(target, cancellationToken)),
                _ => Started(number, operation, await activation.StartAsync(
                    target, operation.Action == "activate" ? OperationKind.Activation : OperationKind.Deactivation, schedule, cancellationToken)),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One failing operation must not fail the others.
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
