namespace Telephony.Web.Numbers;

public enum NumberAction
{
    Allocate,
    Deallocate,
    Activate,
    Deactivate,
    Assign,
    Unassign,
}

// The guide's wording.
public static class NumberActions
{
    // Command bar order.
    public static readonly NumberAction[] Bulk = [NumberAction.Allocate, NumberAction.Deallocate, NumberAction.Activate, NumberAction.Deactivate];

    public static NumberAction? Parse(string action) => action switch
    {
        "allocate" => NumberAction.Allocate,
        "deallocate" => NumberAction.Deallocate,
        "activate" => NumberAction.Activate,
        "deactivate" => NumberAction.Deactivate,
        "assign" => NumberAction.Assign,
        "unassign" => NumberAction.Unassign,
        _ => null,
    };

    // Known ones only, API order.
    public static IEnumerable<NumberAction> Allowed(PhoneNumber number) =>
        number.AllowedActions.Select(Parse).OfType<NumberAction>();

    public static string Wire(this NumberAction action) => action.ToString().ToLowerInvariant();

    public static string Label(this NumberAction action) => action.ToString();

    // For commands without their own dialog.
    public static string Question(this NumberAction action, string number) => action switch
    {
        NumberAction.Deallocate => $"Deallocate {number}? It returns to the pool, or cools off if it was in service.",
        NumberAction.Activate => $"Activate {number}? It is put into service for its organization.",
        NumberAction.Deactivate => $"Deactivate {number}? Its configuration is removed and its PIN reset.",
        NumberAction.Unassign => $"Unassign {number} from its user?",
        _ => $"{action.Label()} {number}?",
    };
}
