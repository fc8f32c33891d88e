// Shared with the Function app (linked PhoneNumberResponse.cs) so the page can't drift from the API.
global using PhoneNumber = Telephony.Web.Api.PhoneNumberResponse;
global using AllocatedTo = Telephony.Web.Api.AllocatedToResponse;
global using AssignedTo = Telephony.Web.Api.AssignedToResponse;
global using PendingOperation = Telephony.Web.Api.PendingOperationResponse;
global using LastFailure = Telephony.Web.Api.LastFailureResponse;

using Telephony.Web.Numbers;

namespace Telephony.Web.Api;

public sealed partial record PhoneNumberResponse
{
    // For If-Match on the next command.
    public string? ETag { get; init; }

    public NumberStatus? StatusKind => NumberStatuses.Parse(Status);

    // Shows the operation or the cooling-off date.
    public string StatusText => UpdateInProgress || StatusKind == NumberStatus.Pending
        ? "Update in progress"
        : StatusKind == NumberStatus.CoolingOff && CoolingOffUntil is { } until
            ? $"Cooling off until {until.UtcDateTime:d MMM yyyy}"
            : NumberStatuses.Word(Status);

    // The organizations route's id of whoever holds it: "operator" or the occupier's.
    public string? OrganizationId => AllocatedTo switch
    {
        null => null,
        { Type: "operator" } => NumberFilter.OperatorId,
        var occupier => occupier.OccupierId,
    };

    public string AllocatedToName(string operatorName) => AllocatedTo switch
    {
        null => "",
        { Type: "operator" } => operatorName,
        var occupier => occupier.Name ?? occupier.OccupierId ?? "",
    };
}
