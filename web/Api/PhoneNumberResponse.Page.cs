// The page's names for the number's shape, which it shares with the Function app (the linked
// functions/PhoneNumbers/PhoneNumberResponse.cs): one definition, so the page cannot drift from what the API writes.
global using PhoneNumber = Telephony.Web.Api.PhoneNumberResponse;
global using AllocatedTo = Telephony.Web.Api.AllocatedToResponse;
global using AssignedTo = Telephony.Web.Api.AssignedToResponse;
global using PendingOperation = Telephony.Web.Api.PendingOperationResponse;
global using LastFailure = Telephony.Web.Api.LastFailureResponse;

using Telephony.Web.Numbers;

namespace Telephony.Web.Api;

/// <summary>What the page keeps with a number it read, beside the API's fields.</summary>
public sealed partial record PhoneNumberResponse
{
    /// <summary>The ETag the number was read with, for <c>If-Match</c> on the next command.</summary>
    public string? ETag { get; init; }

    public NumberStatus? StatusKind => NumberStatuses.Parse(Status);

    /// <summary>The status in words: "Update in progress" while an operation runs, the cooling-off date with cooling off.</summary>
    public string StatusText => UpdateInProgress || StatusKind == NumberStatus.Pending
        ? "Update in progress"
        : StatusKind == NumberStatus.CoolingOff && CoolingOffUntil is { } until
            ? $"Cooling off until {until.UtcDateTime:d MMM yyyy}"
            : NumberStatuses.Word(Status);

    /// <summary>Who holds the number: the operator by its name, or the occupier's name.</summary>
    public string AllocatedToName(string operatorName) => AllocatedTo switch
    {
        null => "",
        { Type: "operator" } => operatorName,
        var occupier => occupier.Name ?? occupier.OccupierId ?? "",
    };
}
