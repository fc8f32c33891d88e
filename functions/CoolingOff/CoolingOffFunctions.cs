using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.CoolingOff;

/// <summary>Cooling-off: the schedule that releases due numbers, its reconciliation, and the administrators' routes.</summary>
public sealed class CoolingOffFunctions(
    CoolingOffRelease release, CoolingOffReconciliation reconciliation, CoolingOffAdministration administration, TimeProvider time)
{
    private const string CoolingOffRoute = "admin/sites/{siteId}/phone-numbers/{number}/cooling-off";

    /// <summary>Rule 7, on <c>CoolingOffReleaseSchedule</c> (every 15 minutes: <c>0 */15 * * * *</c>).</summary>
    [Function(nameof(ReleaseCoolingOff))]
    public async Task ReleaseCoolingOff([TimerTrigger("%CoolingOffReleaseSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ReleaseRun(await release.RunAsync(cancellationToken));

    /// <summary>Repairs missing index entries, on <c>CoolingOffReconcileSchedule</c> (daily: <c>0 30 2 * * *</c>).</summary>
    [Function(nameof(ReconcileCoolingOff))]
    public Task ReconcileCoolingOff([TimerTrigger("%CoolingOffReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciliation.RunAsync(cancellationToken);

    [Function(nameof(SetCoolingOff))]
    public async Task<IActionResult> SetCoolingOff(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = CoolingOffRoute)] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CoolingOffRequest>(cancellationToken);
        var expected = request.ExpectedSequence(number);
        if (!body.IsSuccess || !expected.IsSuccess)
        {
            return Problems.For(body.Error ?? expected.Error!, request);
        }

        var set = await TelephonyTelemetry.CommandAsync("set-cooling-off", siteId, number, () =>
            administration.SetAsync(new NumberRef(siteId, number, expected.Value), body.Value, cancellationToken));
        return set.Answer(request, NumberResult);
    }

    [Function(nameof(LiftCoolingOff))]
    public async Task<IActionResult> LiftCoolingOff(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = CoolingOffRoute)] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        var expected = request.ExpectedSequence(number);
        if (!expected.IsSuccess)
        {
            return Problems.For(expected.Error!, request);
        }

        var lifted = await TelephonyTelemetry.CommandAsync("lift-cooling-off", siteId, number, () =>
            administration.LiftAsync(new NumberRef(siteId, number, expected.Value), cancellationToken));
        return lifted.Answer(request, NumberResult);
    }

    private JsonBodyResult NumberResult(PhoneNumberDetails details)
    {
        var result = new JsonBodyResult(PhoneNumberResponse.From(details, time.GetUtcNow()));
        result.Headers["ETag"] = RequestReading.ETagFor(details.Number.Sequence);
        return result;
    }
}
