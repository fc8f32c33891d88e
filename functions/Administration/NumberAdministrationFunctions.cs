using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Telephony.Domain.Administration;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;

namespace Telephony.Functions.Administration;

public sealed class NumberAdministrationFunctions(NumberAdministration administration, TimeProvider time)
{
    private const string NumberRoute = "platform/sites/{siteId}/phone-numbers/{number}";

    [Function(nameof(NominateMainNumber))]
    public Task<IActionResult> NominateMainNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = NumberRoute + "/main-number")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<EmptyRequest>(request, siteId, number, "nominate-main-number", emptyBodyAllowed: true, time, (target, _) => administration.NominateMainNumberAsync(target, cancellationToken), cancellationToken);

    [Function(nameof(WithdrawMainNumber))]
    public Task<IActionResult> WithdrawMainNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = NumberRoute + "/main-number")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<EmptyRequest>(request, siteId, number, "withdraw-main-number", emptyBodyAllowed: true, time, (target, _) => administration.WithdrawMainNumberAsync(target, cancellationToken), cancellationToken);

    [Function(nameof(LockPhoneNumber))]
    public Task<IActionResult> LockPhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = NumberRoute + "/lock")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<LockRequest, string>(request, siteId, number, "lock", emptyBodyAllowed: false, time,
            body => NumberAdministration.LockReason(body.Reason),
            (target, reason) => administration.LockAsync(target, reason, cancellationToken), cancellationToken);

    [Function(nameof(UnlockPhoneNumber))]
    public Task<IActionResult> UnlockPhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = NumberRoute + "/lock")] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken) =>
        NumberCommand.RunAsync<EmptyRequest>(request, siteId, number, "unlock", emptyBodyAllowed: true, time, (target, _) => administration.UnlockAsync(target, cancellationToken), cancellationToken);

    [Function(nameof(RemovePhoneNumber))]
    public async Task<IActionResult> RemovePhoneNumber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = NumberRoute)] HttpRequest request,
        string siteId, string number, CancellationToken cancellationToken)
    {
        // Takes an empty body or {} only, so no body of another type is ignored.
        var body = await request.ReadJsonAsync<EmptyRequest>(cancellationToken, emptyAllowed: true);
        var expected = request.ExpectedSequence(number);
        var site = SiteId.Read(siteId);
        if (!body.IsSuccess || !expected.IsSuccess || !site.IsSuccess)
        {
            return Problems.For(body.Error ?? expected.Error ?? site.Error!, request);
        }

        var removed = await administration.RemoveAsync(new NumberRef(site.Value, number, expected.Value), cancellationToken);
        return removed.Answer(request, _ => new NoContent());
    }
}

public sealed record LockRequest(string? Reason);
