using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Idempotency;

/// <summary>The response a command gave, kept so a repeated Idempotency-Key gets it again.</summary>
public sealed record StoredResponse(int Status, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A key's record: the request it was first used with, and its answer once the command finished: the response as
/// written, or (a one-number command that committed a change) the changed number, which the answer is written from.
/// </summary>
/// <param name="StoreVersion">The stored row's version (ETag), when read from storage.</param>
public sealed record IdempotencyRecord(
    string Fingerprint, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt, StoredResponse? Response, PhoneNumberDetails? Answer = null, string? StoreVersion = null)
{
    public bool Finished => Response is not null || Answer is not null;

    /// <summary>Whether the key is still taken at <paramref name="now"/>: not expired, and not a claim its request abandoned.</summary>
    public bool IsLive(DateTimeOffset now) =>
        ExpiresAt > now && (Finished || ClaimedAt + TableIdempotencyStore.AbandonedAfter > now);
}

/// <summary>The outcome of claiming a key: this request runs the command (with a token to finish it), or a record exists.</summary>
public sealed record IdempotencyClaim(string? Token, IdempotencyRecord? Existing)
{
    public bool Claimed => Token is not null;
}

/// <summary>
/// Idempotency records in the site's own partition (row key <c>idem|{sha256 of the key}</c>), beside what they protect.
/// A one-number command commits its key's record, with the changed number, in the number's transaction (<see cref="Row"/>);
/// a refusal is kept after it (<see cref="TryKeepAsync"/>). Other commands claim the key by inserting its record before
/// they run (<see cref="ClaimAsync"/>), so of two concurrent requests with one key exactly one runs the command.
/// </summary>
public sealed class TableIdempotencyStore(TelephonyTable table)
{
    /// <summary>
    /// Where a key's record lives: the site's partition, beside what it protects; a key sent with no valid site id
    /// (a site-less command, or a malformed id the function will refuse) in a partition that is no site's.
    /// </summary>
    public static string PartitionFor(SiteId? siteId) => siteId?.Value ?? Keys.SitelessIdempotencyPartition;

    /// <summary>A claim not finished in this time is taken to belong to a request that died, and may be taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    private const int ChunkBytes = 60 * 1024;
    private const int MaxChunks = 14;

    public static int MaxBodyBytes => ChunkBytes * MaxChunks;

    public async Task<IdempotencyClaim> ClaimAsync(
        string partition, string keyHash, string fingerprint, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var (token, existing) = await TakeAsync(ToEntity(partition, keyHash, new IdempotencyRecord(fingerprint, now, expiresAt, null)), now, cancellationToken);
        return new IdempotencyClaim(token, existing);
    }

    /// <summary>
    /// Writes <paramref name="entity"/> as the key's record unless a live record holds the key: inserted, or replacing an
    /// expired (or abandoned) record If-Match the version read, looking again when another request got there first.
    /// </summary>
    /// <returns>The written record's version; or the live record holding the key.</returns>
    private async Task<(string? Version, IdempotencyRecord? Existing)> TakeAsync(TableEntity entity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var added = await client.AddEntityAsync(entity, cancellationToken);
                return (added.Headers.ETag!.Value.ToString(), null);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }

            var existing = await client.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                continue;
            }

            var record = ToRecord(existing.Value!);
            if (record.IsLive(now))
            {
                return (null, record);
            }

            try
            {
                var replaced = await client.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return (replaced.Headers.ETag!.Value.ToString(), null);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Another request replaced or removed the expired record meanwhile: look again.
            }
        }

        throw new InvalidOperationException("The idempotency record kept changing while it was written.");
    }

    public async Task<IdempotencyRecord?> FindAsync(string partition, string keyHash, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var existing = await client.GetEntityIfExistsAsync<TableEntity>(partition, Keys.Idempotency(keyHash), cancellationToken: cancellationToken);
        return existing.HasValue ? ToRecord(existing.Value!) : null;
    }

    /// <returns>False when the response is too large to keep (the claim is then released).</returns>
    public async Task<bool> FinishAsync(
        string partition, string keyHash, string token, IdempotencyRecord record, StoredResponse response, CancellationToken cancellationToken)
    {
        if (!CanKeep(response))
        {
            await ReleaseAsync(partition, keyHash, token, cancellationToken);
            return false;
        }

        var client = await table.ClientAsync();
        var entity = ToEntity(partition, keyHash, record with { Response = response });
        try
        {
            await client.UpdateEntityAsync(entity, new ETag(token), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Taken over as abandoned; the request that took it over records its own response.
        }

        return true;
    }

    /// <summary>
    /// The transaction row that keeps <paramref name="kept"/>'s key with its answer in the site's partition: inserted (so
    /// a duplicate's transaction fails on it), or replacing the expired record of version <paramref name="replacing"/>.
    /// </summary>
    public static TableTransactionAction Row(string siteId, KeptAnswer kept, string? replacing = null) =>
        TablePhoneNumberStore.Write(ToEntity(siteId, kept.Key.KeyHash,
            new IdempotencyRecord(kept.Key.Fingerprint, kept.Key.ClaimedAt, kept.Key.ExpiresAt, null, kept.Answer)), replacing);

    /// <summary>Whether <paramref name="answer"/> fits a record (a larger one is not kept, and the key is not remembered).</summary>
    public static bool CanKeep(StoredResponse answer) => answer.Body.Length <= MaxBodyBytes;

    /// <summary>
    /// Keeps the answer of a command that committed nothing (a refusal) under its key, unless the key is live already.
    /// </summary>
    /// <returns>Null when kept (or too large to keep); else the record holding the key.</returns>
    public async Task<IdempotencyRecord?> TryKeepAsync(
        string partition, string keyHash, IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.Response is not { } response || !CanKeep(response))
        {
            return null;
        }

        return (await TakeAsync(ToEntity(partition, keyHash, record), now, cancellationToken)).Existing;
    }

    /// <summary>
    /// Gives the key back (the command failed unexpectedly), so a retry with it runs the command. The
    /// <paramref name="token"/> is the claim's version, or <c>*</c> for a record this request committed with its change.
    /// </summary>
    public async Task ReleaseAsync(string partition, string keyHash, string token, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        try
        {
            await client.DeleteEntityAsync(partition, Keys.Idempotency(keyHash), new ETag(token), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }

    /// <summary>
    /// Gives the key back when its record is the one <paramref name="key"/>'s own command committed (its request, its
    /// time), so a retry runs the command; a record another request wrote stays.
    /// </summary>
    public async Task ReleaseIfOwnAsync(string partition, CommandKey key, CancellationToken cancellationToken)
    {
        if (await FindAsync(partition, key.KeyHash, cancellationToken) is { Answer: not null } record &&
            record.Fingerprint == key.Fingerprint && record.ClaimedAt == key.ClaimedAt)
        {
            await ReleaseAsync(partition, key.KeyHash, record.StoreVersion!, cancellationToken);
        }
    }

    private static TableEntity ToEntity(string partition, string keyHash, IdempotencyRecord record)
    {
        var entity = new TableEntity(partition, Keys.Idempotency(keyHash))
        {
            ["Fingerprint"] = record.Fingerprint,
            ["ClaimedAt"] = record.ClaimedAt,
            ["ExpiresAt"] = record.ExpiresAt,
            ["Finished"] = record.Finished,
        };
        if (record.Answer is { } answer)
        {
            entity["Answer"] = KeptAnswers.Write(answer);
        }

        if (record.Response is not { } response)
        {
            return entity;
        }

        entity["ResponseStatus"] = response.Status;
        entity["ResponseContentType"] = response.ContentType;
        entity["ResponseHeaders"] = System.Text.Json.JsonSerializer.Serialize(response.Headers);
        entity["ResponseChunks"] = (response.Body.Length + ChunkBytes - 1) / ChunkBytes;
        for (var i = 0; i * ChunkBytes < response.Body.Length; i++)
        {
            entity[$"ResponseBody{i}"] = response.Body.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, response.Body.Length - i * ChunkBytes)).ToArray();
        }

        return entity;
    }

    private static IdempotencyRecord ToRecord(TableEntity entity)
    {
        StoredResponse? response = null;
        var answer = entity.GetString("Answer") is { } kept ? KeptAnswers.Read(entity.PartitionKey, kept) : null;
        if (entity.GetBoolean("Finished") == true && answer is null)
        {
            var chunks = entity.GetInt32("ResponseChunks") ?? 0;
            var body = Enumerable.Range(0, chunks).SelectMany(i => entity.GetBinary($"ResponseBody{i}") ?? []).ToArray();
            var headers = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(entity.GetString("ResponseHeaders") ?? "{}") ?? [];
            response = new StoredResponse(entity.GetInt32("ResponseStatus") ?? 500, entity.GetString("ResponseContentType"), headers, body);
        }

        return new IdempotencyRecord(
            entity.GetString("Fingerprint") ?? "",
            entity.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue,
            entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
            response,
            answer,
            entity.ETag.ToString());
    }
}
