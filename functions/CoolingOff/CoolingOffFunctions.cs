using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.CoolingOff;

public sealed class CoolingOffFunctions(
    CoolingOffRelease release, CoolingOffReconciliation reconciliation, CoolingOffAdministration administration, TimeProvider time)
{
    private const string CoolingOffRoute = "platform/sites/{siteId}/phone-numbers/{number}/cooling-off";

    // Rule 7.
    [Function(nameof(ReleaseCoolingOff))]
    public async Task ReleaseCoolingOff([TimerTrigger("%CoolingOffReleaseSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        TelephonyTelemetry.ReleaseRun(await release.RunAsync(cancellationToken));

    [Function(nameof(ReconcileCoolingOff))]
    public Task ReconcileCoolingOff([TimerTrigger("%CoolingOffReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciliation.RunAsync(cancellationToken);

    [Function(nameof(SetCoolingOff))]
    public Task<IActionResult> SetCoolingOff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CoolingOffRoute)] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<CoolingOffRequest>(request, siteId, number, "set-cooling-off", emptyBodyAllowed: false, time,
            (target, body) => administration.SetAsync(target, body.CoolingOffUntil, cancellationToken), cancellationToken);

    [Function(nameof(LiftCoolingOff))]
    public Task<IActionResult> LiftCoolingOff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = CoolingOffRoute)] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<EmptyRequest>(request, siteId, number, "lift-cooling-off", emptyBodyAllowed: true, time,
            (target, _) => administration.LiftAsync(target, cancellationToken), cancellationToken);
}

public sealed record CoolingOffRequest(DateTimeOffset? CoolingOffUntil);
