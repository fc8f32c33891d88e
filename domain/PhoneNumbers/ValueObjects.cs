using Telephony.Domain.Common;

namespace Telephony.Domain.PhoneNumbers;

public enum OrganizationKind
{
    Operator,
    Occupier,
}

public sealed record Allocation(OrganizationKind Kind, string? OccupierId)
{
    public const string OperatorId = "operator";

    public static Allocation Operator { get; } = new(OrganizationKind.Operator, null);

    public static Allocation Occupier(string occupierId) => new(OrganizationKind.Occupier, occupierId);

    public static Result<Allocation> Parse(string? allocateTo, string? occupierId)
    {
        switch (allocateTo)
        {
            case "operator" when occupierId is null:
                return Operator;
            case "operator":
                return Errors.InvalidRequest("occupierId is only given when allocateTo is 'occupier'.");
            case "occupier" when string.IsNullOrEmpty(occupierId):
                return Errors.InvalidRequest("occupierId is required when allocateTo is 'occupier'.");
            case "occupier":
                return Ids.Check(occupierId, "occupier") is { } invalid
                    ? invalid
                    : occupierId == OperatorId
                        ? Errors.InvalidRequest("'operator' is not an occupier id: allocate with allocateTo 'operator'.")
                        : Occupier(occupierId);
            default:
                return Errors.InvalidRequest("allocateTo must be 'operator' or 'occupier'.");
        }
    }

    public string OrganizationId => Kind == OrganizationKind.Operator ? OperatorId : OccupierId!;

    public override string ToString() => Kind == OrganizationKind.Operator ? "the operator" : $"occupier '{OccupierId}'";
}

public sealed record Assignment(string UserId, string DisplayName)
{
    public const int MaxDisplayNameLength = 100;

    public static Result<Assignment> Parse(string? userId, string? displayName)
    {
        if (Ids.Check(userId, "user") is { } invalidUser)
        {
            return invalidUser;
        }

        var name = displayName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxDisplayNameLength || name.Any(char.IsControl))
        {
            return Errors.InvalidRequest($"displayName is required: 1-{MaxDisplayNameLength} printable characters.");
        }

        return new Assignment(userId!, name);
    }
}

public enum OperationKind
{
    Activation,
    Deactivation,
}

public static class OperationKindNames
{
    public static string ToWire(this OperationKind kind) => kind == OperationKind.Activation ? "activation" : "deactivation";

    public static OperationKind Parse(string value) => value switch
    {
        "activation" => OperationKind.Activation,
        "deactivation" => OperationKind.Deactivation,
        _ => throw new FormatException($"'{value}' is not an operation kind."),
    };
}

// PreviousStatus is where a failure returns to.
public sealed record PendingOperation(OperationKind Kind, string OperationId, DateTimeOffset StartedAt, PhoneNumberStatus PreviousStatus);

public sealed record LastFailure(OperationKind Kind, string Reason, DateTimeOffset At);

public enum AllowedAction
{
    Allocate,
    Deallocate,
    Activate,
    Deactivate,
    Assign,
    Unassign,
}

public static class AllowedActionNames
{
    public static string ToWire(this AllowedAction action) => action.ToString().ToLowerInvariant();
}
