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

/// <summary>The assign body: <c>{"userId":"…","displayName":"…"}</c>.</summary>
public sealed record AssignRequest(string? UserId, string? DisplayName)
{
    public const int MaxDisplayNameLength = 100;

    public Result<PhoneNumbers.Assignment> ToAssignment()
    {
        if (Ids.Check(UserId, "user") is { } invalidUser)
        {
            return invalidUser;
        }

        var name = DisplayName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxDisplayNameLength || name.Any(char.IsControl))
        {
            return Errors.InvalidRequest($"displayName is required: 1-{MaxDisplayNameLength} printable characters.");
        }

        return new PhoneNumbers.Assignment(UserId!, name);
    }
}
