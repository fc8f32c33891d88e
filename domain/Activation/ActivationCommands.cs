using Microsoft.Extensions.Logging;
using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Activation;

/// <summary>
/// Starts, completes and fails activations (rule 4) and deactivations (rule 5). Starting moves the number to PENDING
/// (and takes a voice service for an activation) in one version-checked write, so of two racing requests exactly one
/// starts an operation; the orchestration that runs it is scheduled only after that write.
/// </summary>
public sealed class ActivationCommands(
    NumberCommandSteps steps,
    IPhoneNumberStore numbers,
    IOrganizationStore organizations,
    ActivationOptions options,
    TimeProvider time,
    ILogger<ActivationCommands> logger)
{
    /// <summary>Schedules the orchestration of a started operation, with the operation id as its instance id.</summary>
    public delegate Task Schedule(OperationInput operation, CancellationToken cancellationToken);

    public async Task<Result<StartedOperation>> StartAsync(NumberRef target, OperationKind kind, Schedule schedule, CancellationToken cancellationToken)
    {
        var located = await steps.LocateAsync(target, cancellationToken);
        if (!located.IsSuccess)
        {
            return located.Error!;
        }

        var (site, e164) = located.Value;
        var operationId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var reads = new OrganizationReads(organizations);
        var started = await ConcurrencyBackOff.RunAsync<PhoneNumberDetails>(e164, async () =>
        {
            var number = await steps.LoadAsync(target, e164, cancellationToken);
            if (!number.IsSuccess)
            {
                return number.Error!;
            }

            if (kind == OperationKind.Deactivation)
            {
                // A configuration or PIN change being applied is waited for by the orchestration, before it touches the
                // platform: none can start once this write lands, as starting one checks the number's version.
                var deactivating = number.Value.StartDeactivation(operationId, steps.Now);
                return deactivating.IsSuccess
                    ? await steps.CommitAsync(await steps.DescribeAsync(number.Value, cancellationToken), null, target.Key, cancellationToken)
                    : deactivating.Error!;
            }

            var activating = number.Value.StartActivation(operationId, steps.Now);
            if (!activating.IsSuccess)
            {
                return activating.Error!;
            }

            // The holder gives one of its voice services. A refusal on the instance's copy of its row is decided again
            // on storage: the copy may be behind another instance's release.
            var holder = number.Value.Allocation!;
            var (organization, fromCopy) = await reads.FindAsync(site.SiteId, holder.OrganizationId, cancellationToken);
            var taken = TakeVoiceService(holder, organization);
            if (!taken.IsSuccess && fromCopy)
            {
                (organization, _) = await reads.FindAsync(site.SiteId, holder.OrganizationId, cancellationToken);
                taken = TakeVoiceService(holder, organization);
            }

            return taken.IsSuccess
                ? await steps.CommitAsync(new PhoneNumberDetails(number.Value, organization), organization, target.Key, cancellationToken)
                : taken.Error!;
        }, cancellationToken);
        if (!started.IsSuccess)
        {
            return started.Error!;
        }

        var details = started.Value;
        var operation = InputFor(details.Number, CurrentActor.Value);
        try
        {
            await schedule(operation, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The {Kind} {OperationId} of {Number} could not be scheduled; failing it", operation.Kind, operationId, operation.Number);
            await FailAsync(operation, "The operation could not be started; try again.", CancellationToken.None);
            throw;
        }

        return new StartedOperation(operation, details);
    }

    /// <summary>The operator's row exists only once its voice services were set: without it, it has none.</summary>
    private static Result<Done> TakeVoiceService(Allocation holder, Organization? organization) =>
        organization?.TakeVoiceService() ?? Errors.NoVoiceService(holder.ToString());

    /// <summary>
    /// A repeat of the request that started <paramref name="operationId"/> (its <c>Idempotency-Key</c> answered with the
    /// first request's <c>202</c>): while the number is still PENDING with that operation, its orchestration is scheduled
    /// again, in case the first request died between its commit and its scheduling. <paramref name="scheduleIfNew"/>
    /// schedules by operation id, so an orchestration that runs already is not started twice.
    /// </summary>
    public async Task ResumeAsync(NumberRef target, string operationId, Schedule scheduleIfNew, CancellationToken cancellationToken)
    {
        var located = await steps.LocateAsync(target, cancellationToken);
        var number = located.IsSuccess ? await numbers.FindAsync(target.Site.Value, located.Value.Number, cancellationToken) : null;
        if (number?.PendingOperation?.OperationId == operationId)
        {
            await scheduleIfNew(InputFor(number, CurrentActor.Value), cancellationToken);
        }
    }

    /// <summary>What the orchestration of the number's pending operation runs with.</summary>
    internal OperationInput InputFor(PhoneNumber number, Actor? startedBy)
    {
        var pending = number.PendingOperation!;
        return new OperationInput(
            pending.OperationId, pending.Kind.ToWire(), number.SiteId, number.Number, pending.StartedAt, StepRetry.From(options), startedBy);
    }

    /// <summary>
    /// The number goes ACTIVE (activation) or RESERVED with its voice service released (deactivation).
    /// False when the operation is no longer the one running: completing twice changes nothing.
    /// </summary>
    public Task<bool> CompleteAsync(OperationInput operation, string? unfinished, CancellationToken cancellationToken) =>
        FinishAsync(operation, (number, now) => number.CompleteOperation(operation.OperationId, now, unfinished is null ? null : FailureReasons.Bound(unfinished)),
            releasesVoiceService: operation.OperationKind == OperationKind.Deactivation, cancellationToken);

    /// <summary>
    /// Compensation: the number returns to its previous status with the failure shown, and an activation gives its voice
    /// service back. False when the operation is no longer the one running.
    /// </summary>
    public Task<bool> FailAsync(OperationInput operation, string reason, CancellationToken cancellationToken) =>
        FinishAsync(operation, (number, now) => number.FailOperation(operation.OperationId, FailureReasons.Bound(reason), now),
            releasesVoiceService: operation.OperationKind == OperationKind.Activation, cancellationToken);

    /// <summary>Whether the number is still PENDING with this operation: a step of any other operation does nothing.</summary>
    public async Task<bool> IsRunningAsync(OperationInput operation, CancellationToken cancellationToken)
    {
        var number = await numbers.FindAsync(operation.SiteId, operation.Number, cancellationToken);
        return number?.PendingOperation?.OperationId == operation.OperationId;
    }

    private async Task<bool> FinishAsync(
        OperationInput operation, Func<PhoneNumber, DateTimeOffset, bool> finish, bool releasesVoiceService, CancellationToken cancellationToken)
    {
        // The closing event is the starter's change, although a background step records it.
        using var startedBy = operation.StartedBy is { } starter ? CurrentActor.Begin(starter) : null;
        var finished = await ConcurrencyBackOff.RunAsync<bool>(operation.Number, async () =>
        {
            var number = await numbers.FindAsync(operation.SiteId, operation.Number, cancellationToken);
            if (number is null)
            {
                return false;
            }

            var holder = number.Allocation;
            if (!finish(number, time.GetUtcNow()))
            {
                return false;
            }

            Organization? organization = null;
            if (releasesVoiceService && holder is not null)
            {
                organization = await organizations.FindAsync(number.SiteId, holder.OrganizationId, cancellationToken);
                organization?.ReleaseVoiceService();
            }

            return await numbers.TrySaveAsync(number, organization, cancellationToken) ? true : null;
        }, cancellationToken);
        return finished.IsSuccess
            ? finished.Value
            : throw new InvalidOperationException($"{operation.Number} kept changing while operation {operation.OperationId} was finished.");
    }
}

/// <summary>An operation that was started: what its orchestration runs with, and the number now PENDING.</summary>
public sealed record StartedOperation(OperationInput Operation, PhoneNumberDetails Details);
