// The page's names for the number's shape, which it shares with the Function app (the linked
// functions/PhoneNumbers/PhoneNumberResponse.cs): one definition, so the page cannot drift from what the API writes.
global using PhoneNumber = Telephony.Web.Api.PhoneNumberResponse;
global using AllocatedTo = Telephony.Web.Api.AllocatedToResponse;
global using AssignedTo = Telephony.Web.Api.AssignedToResponse;
global using PendingOperation = Telephony.Web.Api.PendingOperationResponse;
global using LastFailure = Telephony.Web.Api.LastFailureResponse;

namespace Telephony.Web.Api;

/// <summary>What the page keeps with a number it read, beside the API's fields.</summary>
public sealed partial record PhoneNumberResponse
{
    /// <summary>The ETag the number was read with, for <c>If-Match</c> on the next command.</summary>
    public string? ETag { get; init; }

    public string AllocatedToText => AllocatedTo switch
    {
        null => "",
        { Type: "operator" } => "Operator",
        var occupier => occupier.Name ?? occupier.OccupierId ?? "",
    };
}
