using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telephony.Domain.Common;
using Telephony.Functions.Http;
using Telephony.Infrastructure.Idempotency;

namespace Telephony.Functions.Security;

/// <summary>
/// The <c>Idempotency-Key</c> of POST commands: the first request with a key runs the command and its response is kept;
/// a repeat with the same method, path and body gets that response again and changes nothing; a repeat with anything
/// else is refused (422 <c>idempotency-key-reused</c>). A key is remembered for <c>Security__IdempotencyKeyLifetime</c>.
/// A <see cref="OneNumberCommandAttribute">one-number command</see> is given the key (<see cref="CommandKey"/>) and
/// keeps its record in the number's own transaction: no storage request of its own unless the command is refused.
/// Other commands (bulk, import) claim the key before they run and record the response after.
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
            return Problems.For(InvalidKey(), request);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var fingerprint = await FingerprintAsync(request, cancellationToken);
        if (fingerprint is null)
        {
            return await command(); // Too large to be a command; the function refuses it.
        }

        var partition = TableIdempotencyStore.PartitionFor(siteId);
        var keyHash = Sha256(values[0]!);
        if (keyInNumberTransaction && partition == siteId)
        {
            return await RunInNumberTransactionAsync(request, partition, keyHash, fingerprint, command);
        }

        for (var poll = 0; ; poll++)
        {
            var record = NewRecord(fingerprint);
            var claim = await store.ClaimAsync(partition, keyHash, fingerprint, record.ClaimedAt, record.ExpiresAt, cancellationToken);
            if (claim.Claimed)
            {
                return await RunClaimedAsync(request, partition, keyHash, claim.Token!, record, command, cancellationToken);
            }

            if (AnswerFrom(claim.Existing!, fingerprint, request, stopWaiting: poll >= MaxPolls) is { } answer)
            {
                return answer;
            }

            // The same request is running now (a client retry racing its first try): wait for its answer.
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// A one-number command under its key: the key goes to the function with the request (<see cref="CommandKey"/>, a
    /// feature of its <see cref="HttpContext"/>), and the number's store commits the key's record with the answer in the
    /// change's transaction. A command that committed nothing (refused, or invalid) keeps its answer afterwards, as a
    /// claim-less insert. A duplicate (the key recorded first by another request) is answered from that record either way.
    /// </summary>
    private async Task<IActionResult?> RunInNumberTransactionAsync(
        HttpRequest request, string partition, string keyHash, string fingerprint, Func<Task<IActionResult?>> command)
    {
        var record = NewRecord(fingerprint);
        var key = new CommandKey(partition, keyHash, record);
        request.HttpContext.Features.Set(key);
        IActionResult? result;
        try
        {
            result = await command();
        }
        catch (IdempotencyKeyTakenException taken)
        {
            return await ReplayAsync(key, taken.Record, fingerprint, request);
        }
        catch when (key is { Kept: not null, ResumeOnRepeat: not null })
        {
            // The change committed with its answer, and the work after the commit failed (an orchestration that could
            // not be scheduled; the command undid its change): the key is given back, so a retry runs the command.
            await store.ReleaseAsync(partition, keyHash, "*", CancellationToken.None);
            throw;
        }
        finally
        {
            request.HttpContext.Features.Set<CommandKey>(null);
        }

        if (key.Kept is { } kept)
        {
            return new StoredResponseResult(kept, replayed: false);
        }

        if (result is null)
        {
            return null;
        }

        var response = await CaptureAsync(result, request.HttpContext);
        if (response.Status < 500 &&
            await store.TryKeepAsync(partition, keyHash, record with { Response = response }, time.GetUtcNow(), CancellationToken.None) is { } existing)
        {
            // A duplicate recorded the key first: its answer, not this request's refusal of the repeat, is the answer.
            return await ReplayAsync(key, existing, fingerprint, request);
        }

        return new StoredResponseResult(response, replayed: false);
    }

    /// <summary>The record of a key taken now, remembered for <c>Security__IdempotencyKeyLifetime</c>; no answer yet.</summary>
    private IdempotencyRecord NewRecord(string fingerprint)
    {
        var now = time.GetUtcNow();
        return new IdempotencyRecord(fingerprint, now, now + options.Value.IdempotencyKeyLifetime, null);
    }

    /// <summary>The answer from the key's record; a replay first resumes what its first request was to do after its commit.</summary>
    private static async Task<IActionResult?> ReplayAsync(CommandKey key, IdempotencyRecord existing, string fingerprint, HttpRequest request)
    {
        var answer = AnswerFrom(existing, fingerprint, request, stopWaiting: true);
        if (answer is StoredResponseResult replay && key.ResumeOnRepeat is { } resume)
        {
            await resume(replay.Response);
        }

        return answer;
    }

    /// <summary>
    /// The answer to a request whose key is recorded already: the recorded response, or a refusal of a key reused for
    /// another request. While the first request still runs: null (wait), or <c>idempotency-key-in-progress</c> when
    /// <paramref name="stopWaiting"/>.
    /// </summary>
    private static IActionResult? AnswerFrom(IdempotencyRecord existing, string fingerprint, HttpRequest request, bool stopWaiting)
    {
        if (existing.Fingerprint != fingerprint)
        {
            return Problems.For(Errors.IdempotencyKeyReused(Header), request);
        }

        if (existing.Response is { } response)
        {
            return new StoredResponseResult(response, replayed: true);
        }

        return stopWaiting ? Problems.For(Errors.IdempotencyKeyInProgress(Header), request) : null;
    }

    private async Task<IActionResult?> RunClaimedAsync(
        HttpRequest request, string partition, string keyHash, string token, IdempotencyRecord record,
        Func<Task<IActionResult?>> command, CancellationToken cancellationToken)
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
                await store.FinishAsync(partition, keyHash, token, record, response, CancellationToken.None);
            }
            else
            {
                await store.ReleaseAsync(partition, keyHash, token, CancellationToken.None);
            }
        }

        return response is null ? null : new StoredResponseResult(response, replayed: false);
    }

    public static bool IsValidKey(string? key) => key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= '!' and <= '~' or ' ');

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

    /// <summary>Runs the command's result into a buffer, so the first answer and every replay are the same bytes.</summary>
    internal static async Task<StoredResponse> CaptureAsync(IActionResult result, HttpContext original)
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

    private static DomainError InvalidKey() => Errors.InvalidRequest(
        $"The {Header} header must be a single value of 1 to {MaxKeyLength} printable ASCII characters.");

}

/// <summary>
/// Marks a POST function that changes one number through <c>PhoneNumberCommands</c> and answers with it: it is given
/// its <c>Idempotency-Key</c> (<see cref="CommandKey"/>), whose record commits in the number's own transaction.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneNumberCommandAttribute : Attribute;

/// <summary>A kept response, written back as it was first given.</summary>
public sealed class StoredResponseResult(StoredResponse response, bool replayed) : IActionResult
{
    public StoredResponse Response => response;

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
    /// <summary>
    /// The <c>Idempotency-Key</c> <see cref="IdempotentCommands"/> gave this request of a
    /// <see cref="OneNumberCommandAttribute">one-number command</see>; null without one.
    /// </summary>
    public static CommandKey? CommandKey(this HttpRequest request) => request.HttpContext.Features.Get<CommandKey>();
}
