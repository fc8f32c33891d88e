using Telephony.Web.Api;

namespace Telephony.Web.Numbers;

/// <summary>The guide's words for the API's <c>allowedActions</c>.</summary>
public static class NumberActions
{
    public static string Label(string action) => action switch
    {
        "allocate" => "Allocate",
        "deallocate" => "Deallocate",
        "activate" => "Activate",
        "deactivate" => "Deactivate",
        "assign" => "Assign",
        "unassign" => "Unassign",
        _ => action,
    };

    /// <summary>What the confirmation asks before a command that has no dialog of its own.</summary>
    public static string Question(string action, string number) => action switch
    {
        "deallocate" => $"Deallocate {number}? It returns to the pool, or cools off if it was in service.",
        "activate" => $"Activate {number}? It is put into service for its organization.",
        "deactivate" => $"Deactivate {number}? Its configuration is removed and its PIN reset.",
        "unassign" => $"Unassign {number} from its user?",
        _ => $"{Label(action)} {number}?",
    };

    public static string Describe(PhoneNumber number) =>
        $"{number.Number} is now {number.Status}" + (number.AllocatedTo is null ? "" : $", allocated to {number.AllocatedToText}") +
        (number.UpdateInProgress ? ", with an update in progress" : "") + ".";
}
