using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Activation;
using Telephony.Functions.Http;
using Telephony.Functions.Idempotency;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.PhoneNumbers;

/// <summary>
/// The one shape of a command on a number over HTTP: read the site id, the body and <c>If-Match</c> once, run the
/// command (counted and traced under its name), answer the changed number or the refusal as problem details.
/// </summary>
internal static class NumberCommand
{
    public static Task<IActionResult> RunAsync<TBody>(
        HttpRequest request, string siteId, string number, string command, bool emptyBodyAllowed, TimeProvider time,
        Func<NumberRef, TBody, Task<Result<PhoneNumberDetails>>> run, CancellationToken cancellationToken)
        where TBody : class =>
        RunAsync<TBody, TBody>(request, siteId, number, command, emptyBodyAllowed, time, body => body, run, cancellationToken);

    /// <summary>As above, with the body made into the command's typed input (<paramref name="read"/>) before it runs.</summary>
    public static async Task<IActionResult> RunAsync<TBody, TInput>(
        HttpRequest request, string siteId, string number, string command, bool emptyBodyAllowed, TimeProvider time,
        Func<TBody, Result<TInput>> read, Func<NumberRef, TInput, Task<Result<PhoneNumberDetails>>> run, CancellationToken cancellationToken)
        where TBody : class
    {
        var body = await request.ReadJsonAsync<TBody>(cancellationToken, emptyBodyAllowed);
        var expected = request.ExpectedSequence(number);
        var site = SiteId.Read(siteId);
        var input = body.IsSuccess ? read(body.Value) : body.Error!;
        if (!input.IsSuccess || !expected.IsSuccess || !site.IsSuccess)
        {
            return Problems.For(input.Error ?? expected.Error ?? site.Error!, request);
        }

        var key = request.CommandKey();
        var result = await TelephonyTelemetry.CommandAsync(command, siteId, number, () =>
            run(new NumberRef(site.Value, number, expected.Value, key), input.Value));
        // Under a key, the answer is written as of the key's time, as a repeat writes it from the key's record.
        return result.Answer(request, details => Changed(details, key?.ClaimedAt ?? time.GetUtcNow()));
    }

    /// <summary>
    /// A changed number as a command answers it: <c>202</c> with the operation's <c>Location</c> when the command left it
    /// PENDING (activate, deactivate), otherwise <c>200</c>.
    /// </summary>
    public static JsonBodyResult Changed(PhoneNumberDetails details, DateTimeOffset now) =>
        OperationStarts.Answer(status => Answer(details, now, status), details.Number.PendingOperation?.OperationId);

    /// <summary>A number as every command and the get return it, with the <c>ETag</c> a later <c>If-Match</c> sends back.</summary>
    public static JsonBodyResult Answer(PhoneNumberDetails details, DateTimeOffset now, int status = StatusCodes.Status200OK)
    {
        var result = new JsonBodyResult(PhoneNumberResponse.From(details, now), status);
        result.Headers["ETag"] = RequestReading.ETagFor(details.Number.Sequence);
        return result;
    }
}
