using Telephony.Domain.PhoneNumbers;

namespace Telephony.Functions.PhoneNumbers;

/// <summary>The answer's shape is in PhoneNumberResponse.cs (shared with the page); this is how the app fills it.</summary>
public sealed partial record PhoneNumberResponse
{
    /// <param name="offered">Which of the domain's allowed actions the caller may send (<see cref="Security.CallerRequests.OfferedActions"/>).</param>
    public static PhoneNumberResponse From(PhoneNumberDetails details, DateTimeOffset now, Func<AllowedAction, bool> offered)
    {
        var n = details.Number;
        return new PhoneNumberResponse(
            n.Number,
            n.Extension,
            n.Status.ToWire(),
            n.Allocation switch
            {
                null => null,
                { Kind: OrganizationKind.Operator } => new AllocatedToResponse("operator", null, null),
                _ => new AllocatedToResponse("occupier", n.Allocation.OccupierId, details.OccupierName),
            },
            n.Assignment is null ? null : new AssignedToResponse(n.Assignment.UserId, n.Assignment.DisplayName),
            n.CoolingOffUntil,
            n.IsMainNumber,
            n.RangeName,
            n.Locked,
            n.LockReason,
            n.UpdateInProgress,
            n.PendingOperation is null ? null : new PendingOperationResponse(n.PendingOperation.Kind.ToWire(), n.PendingOperation.OperationId, n.PendingOperation.StartedAt),
            n.LastFailure is null ? null : new LastFailureResponse(n.LastFailure.Kind.ToWire(), n.LastFailure.Reason, n.LastFailure.At),
            details.AllowedActions(now).Where(offered).Select(a => a.ToWire()).ToList());
    }
}

public sealed record PhoneNumberListResponse(IReadOnlyList<PhoneNumberResponse> Items, string? ContinuationToken);
