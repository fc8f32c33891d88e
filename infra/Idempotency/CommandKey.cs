using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> of the one-number command this request runs, while it runs. The number's store commits
/// the key's record, holding the command's answer, in the number's own entity-group transaction: the change and the
/// answer a repeat gets are written together or not at all, and a duplicate's transaction fails on the record (then
/// <see cref="IdempotencyKeyTakenException"/>). No claim is written before the command, and no completion after it.
/// </summary>
public sealed class CommandKey(string partition, string keyHash, IdempotencyRecord record)
{
    private static readonly AsyncLocal<CommandKey?> Running = new();

    /// <summary>The key of the command running on this flow, if it keeps its record with the number's change.</summary>
    public static CommandKey? Current => Running.Value;

    /// <summary>The site's partition, where the number and the key's record are.</summary>
    public string Partition => partition;

    public string KeyHash => keyHash;

    /// <summary>The request the key is used with (its fingerprint) and how long it is remembered.</summary>
    public IdempotencyRecord Record => record;

    /// <summary>Writes the command's answer as the caller gets it; set by the function that answers, read by the store.</summary>
    public Func<PhoneNumberDetails, Task<StoredResponse>>? Answer { get; set; }

    /// <summary>The answer committed with the change; null while nothing committed.</summary>
    public StoredResponse? Kept { get; internal set; }

    /// <summary>The version of an expired record found in the key's place: the next commit replaces it.</summary>
    internal string? Replacing { get; set; }

    /// <summary>Makes this the current key until the returned scope is disposed.</summary>
    public IDisposable Begin()
    {
        var previous = Running.Value;
        Running.Value = this;
        return new Scope(previous);
    }

    private sealed class Scope(CommandKey? previous) : IDisposable
    {
        public void Dispose() => Running.Value = previous;
    }
}

/// <summary>
/// The command's transaction found its <c>Idempotency-Key</c> already recorded (a repeat, or a concurrent duplicate that
/// committed first): nothing was written, and the request is answered from <see cref="Record"/>.
/// </summary>
public sealed class IdempotencyKeyTakenException(IdempotencyRecord record)
    : Exception("The Idempotency-Key is already recorded; the request is answered from its record.")
{
    public IdempotencyRecord Record => record;
}
