using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Infrastructure.Idempotency;
using Telephony.Infrastructure.Reliability;

namespace Telephony.Functions.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> of POST commands: the first request with a key runs the command and its answer is kept;
/// a repeat with the same method, path and body gets that answer again and changes nothing; a repeat with anything
/// else is refused (422 <c>idempotency-key-reused</c>). A key is remembered for <c>Security__IdempotencyKeyLifetime</c>.
/// A <see cref="OneNumberCommandAttribute">one-number command</see> is given the key as data (<see cref="CommandKey"/>):
/// its record commits with the change, holding the changed number its answer is written from. Other commands (bulk,
/// import) claim the key before they run and record their response after.
/// </summary>
public sealed class IdempotentCommands(TableIdempotencyStore store, IOptions<SecurityOptions> options, TimeProvider time)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 100;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private const int MaxPolls = 100;

    public async Task<IActionResult?> RunAsync(HttpRequest request, string? siteId, bool keyInNumberTransaction, Func<Task<IActionResult?>> command)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return await command();
        }

        if (values.Count != 1 || !IsValidKey(values[0]))
        {
            return Problems.For(Errors.InvalidRequest(
                $"The {Header} header must be a single value of 1 to {MaxKeyLength} printable ASCII characters."), request);
        }

        var fingerprint = await FingerprintAsync(request, request.HttpContext.RequestAborted);
        if (fingerprint is null)
        {
            return await command(); // Too large to be a command; the function refuses it.
        }

        // A malformed site id keeps its key apart from every site; the function refuses the request.
        var site = SiteId.Read(siteId);
        var partition = TableIdempotencyStore.PartitionFor(site.IsSuccess ? site.Value : null);
        var now = Milliseconds(time.GetUtcNow());
        var key = new CommandKey(Sha256(values[0]!), fingerprint, now, now + options.Value.IdempotencyKeyLifetime);
        return keyInNumberTransaction && site.IsSuccess
            ? await RunInNumberTransactionAsync(request, partition, key, command)
            : await RunClaimedAsync(request, partition, key, command);
    }

    /// <summary>
    /// A one-number command: its answer is kept by its commit. A command that committed nothing (refused, or invalid)
    /// keeps its answer afterwards; a key recorded first by another request is answered from that record.
    /// </summary>
    private async Task<IActionResult?> RunInNumberTransactionAsync(HttpRequest request, string partition, CommandKey key, Func<Task<IActionResult?>> command)
    {
        request.HttpContext.Features.Set(key);
        IActionResult? result;
        try
        {
            result = await command();
        }
        catch (Exception e) when (!AzureClientLimits.IsOutage(e))
        {
            // The work after the commit failed (an orchestration that could not be scheduled; the command undid its
            // change): the key is given back, so a retry runs the command.
            await store.ReleaseIfOwnAsync(partition, key, CancellationToken.None);
            throw;
        }
        finally
        {
            request.HttpContext.Features.Set<CommandKey>(null);
        }

        if (result is null or JsonBodyResult { StatusCode: < 300 })
        {
            return result; // committed with its key's record
        }

        var response = await CaptureAsync(result, request.HttpContext);
        var record = new IdempotencyRecord(key.Fingerprint, key.ClaimedAt, key.ExpiresAt, response);
        if (response.Status < 500 && await store.TryKeepAsync(partition, key.KeyHash, record, time.GetUtcNow(), CancellationToken.None) is { } existing)
        {
            // A duplicate recorded the key first: its answer, not this request's refusal of the repeat, is the answer.
            return await ReplayAsync(existing, key.Fingerprint, request, stopWaiting: true);
        }

        return new StoredResponseResult(response, replayed: false);
    }

    /// <summary>A command that claims its key before it runs (of two concurrent requests with one key, one runs) and records its response after.</summary>
    private async Task<IActionResult?> RunClaimedAsync(HttpRequest request, string partition, CommandKey key, Func<Task<IActionResult?>> command)
    {
        for (var poll = 0; ; poll++)
        {
            var claimedAt = time.GetUtcNow();
            var claim = await store.ClaimAsync(partition, key.KeyHash, key.Fingerprint, claimedAt, key.ExpiresAt, request.HttpContext.RequestAborted);
            if (claim.Claimed)
            {
                return await RunAndFinishAsync(request, partition, key, claim.Token!, new IdempotencyRecord(key.Fingerprint, claimedAt, key.ExpiresAt, null), command);
            }

            if (await ReplayAsync(claim.Existing!, key.Fingerprint, request, stopWaiting: poll >= MaxPolls) is { } answer)
            {
                return answer;
            }

            // The same request is running now (a client retry racing its first try): wait for its answer.
            await Task.Delay(PollInterval, request.HttpContext.RequestAborted);
        }
    }

    private async Task<IActionResult?> RunAndFinishAsync(
        HttpRequest request, string partition, CommandKey key, string token, IdempotencyRecord record, Func<Task<IActionResult?>> command)
    {
        StoredResponse? response = null;
        try
        {
            var result = await command();
            response = result is null ? null : await CaptureAsync(result, request.HttpContext);
        }
        finally
        {
            if (response is { Status: < 500 })
            {
                await store.FinishAsync(partition, key.KeyHash, token, record, response, CancellationToken.None);
            }
            else
            {
                await store.ReleaseAsync(partition, key.KeyHash, token, CancellationToken.None);
            }
        }

        return response is null ? null : new StoredResponseResult(response, replayed: false);
    }

    /// <summary>
    /// The answer to a request whose key is recorded already: the recorded answer (a started operation's orchestration is
    /// scheduled first should its first request have died before it was), or a refusal of a key reused for another
    /// request. While the first request still runs: null (wait), or <c>idempotency-key-in-progress</c> when
    /// <paramref name="stopWaiting"/>.
    /// </summary>
    private static async Task<IActionResult?> ReplayAsync(IdempotencyRecord existing, string fingerprint, HttpRequest request, bool stopWaiting)
    {
        if (existing.Fingerprint != fingerprint)
        {
            return Problems.For(Errors.IdempotencyKeyReused(Header), request);
        }

        if (existing.Answer is { } changed)
        {
            if (request.HttpContext.Features.Get<ResumeOnRepeat>() is { } resume)
            {
                await resume.RunAsync(changed);
            }

            var answer = NumberCommand.Changed(changed, existing.ClaimedAt);
            answer.Headers[ReplayedHeader] = "true";
            return answer;
        }

        if (existing.Response is { } response)
        {
            return new StoredResponseResult(response, replayed: true);
        }

        return stopWaiting ? Problems.For(Errors.IdempotencyKeyInProgress(Header), request) : null;
    }

    public static bool IsValidKey(string? key) => key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= '!' and <= '~' or ' ');

    /// <summary>Whole milliseconds: the key's time is kept in its record, and is the time its answer is written as of.</summary>
    private static DateTimeOffset Milliseconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, t.Offset);

    /// <summary>What makes two requests "the same": method, path and body.</summary>
    private static async Task<string?> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > RequestReading.MaxCsvBodyBytes)
        {
            return null;
        }

        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()}\n{request.Path.Value}\n"));
        // Pooled: a command's body is small, and every keyed POST reads one.
        var buffer = ArrayPool<byte>.Shared.Rent(4 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > RequestReading.MaxCsvBodyBytes)
                {
                    request.Body.Position = 0;
                    return null;
                }

                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string Sha256(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Runs a result into a buffer, so the first answer and every replay are the same bytes.</summary>
    private static async Task<StoredResponse> CaptureAsync(IActionResult result, HttpContext original)
    {
        var context = new DefaultHttpContext { RequestServices = original.RequestServices };
        context.Request.Method = original.Request.Method;
        context.Request.Path = original.Request.Path;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var headers = context.Response.Headers
            .Where(h => !string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new StoredResponse(context.Response.StatusCode, context.Response.ContentType, headers, body.ToArray());
    }
}

/// <summary>
/// Marks a POST function that changes one number and answers with it: it is given its <c>Idempotency-Key</c>
/// (<see cref="CommandKey"/>), whose record commits in the number's own transaction.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneNumberCommandAttribute : Attribute;

/// <summary>
/// What a command does after its commit (activate and deactivate schedule their orchestration), run again when a repeat
/// is answered from the key's record, in case the first request died between its commit and that work.
/// </summary>
public sealed record ResumeOnRepeat(Func<PhoneNumberDetails, Task> RunAsync);

/// <summary>A kept response, written back as it was first given.</summary>
public sealed class StoredResponseResult(StoredResponse response, bool replayed) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext.Response;
        http.StatusCode = response.Status;
        if (response.ContentType is { } contentType)
        {
            http.ContentType = contentType;
        }

        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (replayed)
        {
            http.Headers[IdempotentCommands.ReplayedHeader] = "true";
        }

        if (response.Body.Length > 0)
        {
            await http.Body.WriteAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }
}

public static class CommandKeyRequests
{
    /// <summary>The <c>Idempotency-Key</c> of this one-number command's request, as data; null without one.</summary>
    public static CommandKey? CommandKey(this HttpRequest request) => request.HttpContext.Features.Get<CommandKey>();
}
