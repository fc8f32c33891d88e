using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Assignment;

/// <summary>Rule 6: give an ACTIVE, non-main number to a user, or take it back.</summary>
public sealed class AssignmentCommands(NumberCommandSteps steps)
{
    public Task<Result<PhoneNumberDetails>> AssignAsync(NumberRef target, PhoneNumbers.Assignment assignment, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.Assign(assignment, now), cancellationToken);

    public Task<Result<PhoneNumberDetails>> UnassignAsync(NumberRef target, CancellationToken cancellationToken) =>
        steps.ChangeNumberAsync(target, (number, now) => number.Unassign(now), cancellationToken);
}
