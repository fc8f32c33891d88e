using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Administration;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;

namespace Telephony.Functions.Administration;

// Adding voice services may allocate and activate a number (rule 10).
public sealed class VoiceServiceFunctions(VoiceServiceAllocation voiceServices)
{
    [Function(nameof(PutVoiceServices))]
    public async Task<IActionResult> PutVoiceServices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "sites/{siteId}/organizations/{organizationId}/voice-services")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string siteId, string organizationId, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<VoiceServicesRequest>(cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.For(body.Error!, request);
        }

        var changed = await voiceServices.PutAsync(
            siteId, organizationId, body.Value.VoiceServices, body.Value.MainNumberService, OperationStarts.Scheduler(client), cancellationToken);
        return changed.Answer(request, c =>
        {
            var o = c.Organization;
            var operationId = c.Activation?.Operation.OperationId;
            return OperationStarts.Answer(status => new JsonBodyResult(
                new VoiceServicesResponse(o.OrganizationId, o.VoiceServices, o.MainNumberService, o.VoiceServicesInUse, o.MainNumber, c.AllocatedNumber, operationId),
                status), operationId);
        });
    }
}

// An omitted mainNumberService stays unchanged.
public sealed record VoiceServicesRequest(int? VoiceServices, bool? MainNumberService);

public sealed record VoiceServicesResponse(
    string OrganizationId, int VoiceServices, bool MainNumberService, int VoiceServicesInUse, string? MainNumber, string? AllocatedNumber, string? OperationId);
