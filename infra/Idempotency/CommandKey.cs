using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> of a one-number command, passed with the command (<see cref="NumberRef.Key"/>) to the
/// number's store. The store commits the key's record, holding the command's answer, in the number's own entity-group
/// transaction: the change and the answer a repeat gets are written together or not at all, and a duplicate's
/// transaction fails on the record (then <see cref="IdempotencyKeyTakenException"/>). No claim is written before the
/// command, and no completion after it.
/// </summary>
public sealed class CommandKey(string partition, string keyHash, IdempotencyRecord record) : ICommandKey
{
    /// <summary>The site's partition, where the number and the key's record are.</summary>
    public string Partition => partition;

    public string KeyHash => keyHash;

    /// <summary>The request the key is used with (its fingerprint) and how long it is remembered.</summary>
    public IdempotencyRecord Record => record;

    /// <summary>Writes the command's answer as the caller gets it; set by the function that answers, read by the store.</summary>
    public Func<PhoneNumberDetails, Task<StoredResponse>>? Answer { get; set; }

    /// <summary>
    /// Set by a function whose command has work to do after its commit (activate and deactivate schedule their
    /// orchestration): a repeat runs it with the recorded answer before it is given that answer, in case the first
    /// request died between its commit and that work. When that work fails in the first request (the command then
    /// undoes its change), the key is given back, so a retry runs the command.
    /// </summary>
    public Func<StoredResponse, Task>? ResumeOnRepeat { get; set; }

    /// <summary>The answer committed with the change; null while nothing committed.</summary>
    public StoredResponse? Kept { get; internal set; }
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
