namespace Telephony.Domain.Activation;

// Every call is idempotent per operation, so an activity retried after a lost answer changes nothing twice.
public interface IVoicePlatform
{
    Task PutIntoServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken);

    Task RemoveCustomConfigurationAsync(VoicePlatformRequest request, CancellationToken cancellationToken);

    Task ResetPinAsync(VoicePlatformRequest request, string defaultPin, CancellationToken cancellationToken);

    Task TakeOutOfServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken);

    // Never the PIN.
    Task ApplyConfigurationAsync(VoicePlatformRequest request, NumberConfiguration configuration, CancellationToken cancellationToken);

    Task SetPinAsync(VoicePlatformRequest request, string pin, CancellationToken cancellationToken);
}

// OperationId is the platform's idempotency key.
public sealed record VoicePlatformRequest(string SiteId, string Number, string OperationId);

// Transient (time-outs, 5xx, throttling) is retried; anything else fails the operation at once.
public sealed class VoicePlatformException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
