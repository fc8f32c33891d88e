using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Assignment;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.Assignment;

/// <summary>Rule 6: assign an ACTIVE, non-main number to a user, or unassign it.</summary>
public sealed class AssignmentFunctions(AssignmentCommands assignments, TimeProvider time)
{
    private const string NumberRoute = "sites/{siteId}/phone-numbers/{number}";

    [Function(nameof(AssignPhoneNumber))]
    public async Task<IActionResult> AssignPhoneNumber(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = NumberRoute + "/assign")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<AssignRequest>(cancellationToken);
        var expected = request.ExpectedSequence(number);
        if (!body.IsSuccess || !expected.IsSuccess)
        {
            return Problems.For(body.Error ?? expected.Error!, request);
        }

        var assigned = await TelephonyTelemetry.CommandAsync("assign", siteId, number, () =>
            assignments.AssignAsync(new NumberRef(siteId, number, expected.Value), body.Value, cancellationToken));
        return assigned.Answer(request, d => NumberAnswer.For(d, time.GetUtcNow()));
    }

    [Function(nameof(UnassignPhoneNumber))]
    public async Task<IActionResult> UnassignPhoneNumber(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = NumberRoute + "/unassign")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<EmptyRequest>(cancellationToken, emptyAllowed: true);
        var expected = request.ExpectedSequence(number);
        if (!body.IsSuccess || !expected.IsSuccess)
        {
            return Problems.For(body.Error ?? expected.Error!, request);
        }

        var unassigned = await TelephonyTelemetry.CommandAsync("unassign", siteId, number, () =>
            assignments.UnassignAsync(new NumberRef(siteId, number, expected.Value), cancellationToken));
        return unassigned.Answer(request, d => NumberAnswer.For(d, time.GetUtcNow()));
    }
}
