using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Idempotency;

public sealed record StoredResponse(int Status, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body);

// The answer is the response as written, or the changed number it is written from.
public sealed record IdempotencyRecord(
    string Fingerprint, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt, StoredResponse? Response, PhoneNumberDetails? Answer = null, string? StoreVersion = null)
{
    public bool Finished => Response is not null || Answer is not null;

    public bool IsLive(DateTimeOffset now) =>
        ExpiresAt > now && (Finished || ClaimedAt + TableIdempotencyStore.AbandonedAfter > now);
}

public sealed record IdempotencyClaim(string? Token, IdempotencyRecord? Existing)
{
    public bool Claimed => Token is not null;
}

// Records live in the site's partition, beside what they protect. One-number commands commit the record in the
// number's transaction; others claim the key before running, so of two concurrent requests exactly one runs.
public sealed class TableIdempotencyStore(TelephonyTable table)
{
    // A key with no valid site id goes to a partition that is no site's.
    public static string PartitionFor(SiteId? siteId) => siteId?.Value ?? Keys.SitelessIdempotencyPartition;

    // A claim not finished in this time belongs to a request that died.
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

    // Inserted, or replacing an expired/abandoned record If-Match, looking again when another request got there first.
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

    // Inserted so a duplicate's transaction fails on it.
    public static TableTransactionAction Row(string siteId, KeptAnswer kept, string? replacing = null) =>
        TablePhoneNumberStore.Write(ToEntity(siteId, kept.Key.KeyHash,
            new IdempotencyRecord(kept.Key.Fingerprint, kept.Key.ClaimedAt, kept.Key.ExpiresAt, null, kept.Answer)), replacing);

    public static bool CanKeep(StoredResponse answer) => answer.Body.Length <= MaxBodyBytes;

    public async Task<IdempotencyRecord?> TryKeepAsync(
        string partition, string keyHash, IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.Response is not { } response || !CanKeep(response))
        {
            return null;
        }

        return (await TakeAsync(ToEntity(partition, keyHash, record), now, cancellationToken)).Existing;
    }

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

    // A record another request wrote stays.
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
