using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Assignment;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;
using Telephony.Functions.Idempotency;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Assignment;

/// <summary>Rule 6: assign an ACTIVE, non-main number to a user, or unassign it.</summary>
public sealed class AssignmentFunctions(AssignmentCommands assignments, TimeProvider time)
{
    private const string NumberRoute = "sites/{siteId}/phone-numbers/{number}";

    [Function(nameof(AssignPhoneNumber)), OneNumberCommand]
    public Task<IActionResult> AssignPhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = NumberRoute + "/assign")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<AssignRequest, Domain.PhoneNumbers.Assignment>(request, siteId, number, "assign", emptyBodyAllowed: false, time,
            body => body.ToAssignment(), (target, assignment) => assignments.AssignAsync(target, assignment, cancellationToken), cancellationToken);

    [Function(nameof(UnassignPhoneNumber)), OneNumberCommand]
    public Task<IActionResult> UnassignPhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = NumberRoute + "/unassign")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<EmptyRequest>(request, siteId, number, "unassign", emptyBodyAllowed: true, time,
            (target, _) => assignments.UnassignAsync(target, cancellationToken), cancellationToken);
}
