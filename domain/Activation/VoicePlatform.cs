namespace Telephony.Domain.Activation;

/// <summary>
/// The voice platform that carries calls for a number. Every call is idempotent for one operation, so an activity
/// retried after a lost answer changes nothing twice. Implemented in infra/VoicePlatform/.
/// </summary>
public interface IVoicePlatform
{
    Task PutIntoServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken);

    Task RemoveCustomConfigurationAsync(VoicePlatformRequest request, CancellationToken cancellationToken);

    Task ResetPinAsync(VoicePlatformRequest request, string defaultPin, CancellationToken cancellationToken);

    Task TakeOutOfServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken);

    /// <summary>Replaces the number's call configuration (forwarding, caller id name, voicemail on or off); never the PIN.</summary>
    Task ApplyConfigurationAsync(VoicePlatformRequest request, NumberConfiguration configuration, CancellationToken cancellationToken);

    /// <summary>Sets the number's voicemail PIN.</summary>
    Task SetPinAsync(VoicePlatformRequest request, string pin, CancellationToken cancellationToken);
}

/// <summary>
/// Which number a platform call is about, and the operation or configuration change it belongs to (its idempotency key).
/// </summary>
public sealed record VoicePlatformRequest(string SiteId, string Number, string OperationId);

/// <summary>
/// The voice platform refused or failed a call. <see cref="IsTransient"/> failures (time-outs, 5xx, throttling) are
/// worth retrying; the others (4xx: the platform will never accept this request) fail the operation at once.
/// </summary>
public sealed class VoicePlatformException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
