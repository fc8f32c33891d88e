namespace Telephony.Web.Numbers;

/// <summary>The commands the API lists in a number's <c>allowedActions</c>.</summary>
public enum NumberAction
{
    Allocate,
    Deallocate,
    Activate,
    Deactivate,
    Assign,
    Unassign,
}

/// <summary>The guide's words for the actions, and what each confirmation asks.</summary>
public static class NumberActions
{
    /// <summary>The actions offered to many numbers at once, in the command bar's order.</summary>
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

    /// <summary>The actions a number allows now, those the page knows, in the API's order.</summary>
    public static IEnumerable<NumberAction> Allowed(PhoneNumber number) =>
        number.AllowedActions.Select(Parse).OfType<NumberAction>();

    public static string Wire(this NumberAction action) => action.ToString().ToLowerInvariant();

    public static string Label(this NumberAction action) => action.ToString();

    /// <summary>What the confirmation asks before a command that has no dialog of its own.</summary>
    public static string Question(this NumberAction action, string number) => action switch
    {
        NumberAction.Deallocate => $"Deallocate {number}? It returns to the pool, or cools off if it was in service.",
        NumberAction.Activate => $"Activate {number}? It is put into service for its organization.",
        NumberAction.Deactivate => $"Deactivate {number}? Its configuration is removed and its PIN reset.",
        NumberAction.Unassign => $"Unassign {number} from its user?",
        _ => $"{action.Label()} {number}?",
    };
}
