using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.Security;
using Telephony.Functions.Telemetry;

namespace Telephony.Functions.PhoneNumbers;

/// <summary>
/// The one shape of a command on a number over HTTP: read the body and <c>If-Match</c>, run the command (counted and
/// traced under <paramref name="command"/>), answer the number with its <c>ETag</c> or the refusal as problem details.
/// </summary>
internal static class NumberCommand
{
    /// <summary>
    /// A command whose answer is the changed number. Under an <c>Idempotency-Key</c> of a
    /// <see cref="OneNumberCommandAttribute">one-number command</see>, the answer is written before the commit, so the
    /// key's record keeps it in the number's own transaction.
    /// </summary>
    public static Task<IActionResult> RunAsync<TBody>(
        HttpRequest request, string siteId, string number, string command, bool emptyBodyAllowed, TimeProvider time,
        Func<NumberRef, TBody, Task<Result<PhoneNumberDetails>>> run, CancellationToken cancellationToken)
        where TBody : class =>
        RunAsync(request, siteId, number, command, emptyBodyAllowed, run, details => Answer(details, time.GetUtcNow(), request), cancellationToken);

    /// <summary>As above, with an answer of the command's own, made from the changed number alone.</summary>
    public static async Task<IActionResult> RunAsync<TBody>(
        HttpRequest request, string siteId, string number, string command, bool emptyBodyAllowed,
        Func<NumberRef, TBody, Task<Result<PhoneNumberDetails>>> run, Func<PhoneNumberDetails, IActionResult> answering, CancellationToken cancellationToken)
        where TBody : class
    {
        var body = await request.ReadJsonAsync<TBody>(cancellationToken, emptyBodyAllowed);
        var expected = request.ExpectedSequence(number);
        if (!body.IsSuccess || !expected.IsSuccess)
        {
            return Problems.For(body.Error ?? expected.Error!, request);
        }

        var key = request.CommandKey();
        if (key is not null)
        {
            key.Answer = details => IdempotentCommands.CaptureAsync(answering(details), request.HttpContext);
        }

        var result = await TelephonyTelemetry.CommandAsync(command, siteId, number, () =>
            run(new NumberRef(siteId, number, expected.Value, key), body.Value));
        return result.Answer(request, answering);
    }

    /// <summary>
    /// A number as every command and the get return it, with the <c>ETag</c> a later <c>If-Match</c> sends back, offering
    /// the actions the caller of <paramref name="request"/> may send.
    /// </summary>
    public static JsonBodyResult Answer(PhoneNumberDetails details, DateTimeOffset now, HttpRequest request, int status = StatusCodes.Status200OK)
    {
        var result = new JsonBodyResult(PhoneNumberResponse.From(details, now, request.OfferedActions(details.Number.SiteId)), status);
        result.Headers["ETag"] = RequestReading.ETagFor(details.Number.Sequence);
        return result;
    }
}
