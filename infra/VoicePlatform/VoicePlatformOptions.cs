using System.ComponentModel.DataAnnotations;

namespace Telephony.Infrastructure.VoicePlatform;

/// <summary>The voice platform's API, bound from the <c>VoicePlatform</c> section (<c>VoicePlatform__BaseUrl</c> …).</summary>
public sealed class VoicePlatformOptions : IValidatableObject
{
    public const string SectionName = "VoicePlatform";

    /// <summary>The API's root, e.g. <c>https://voice.example.net/v1/</c>. None or empty: the built-in simulated platform is used.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent in the <c>X-Api-Key</c> header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries of a transient failure within one call (the orchestration retries the whole step beyond these).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Fixed wait between retries within one call (the orchestration's step retries back off exponentially).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The most one call may take, retries included. It must stay below the Durable work-item queue's visibility
    /// time-out (<c>host.json</c>, 30 s) less the activity's storage work, or a slow call makes its step run twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The pipeline always retries at least once (the standard handler's minimum).</summary>
    public int EffectiveRetryAttempts => Math.Max(1, MaxRetryAttempts);

    /// <summary>Every attempt timing out, with the waits between them: what <see cref="TotalTimeout"/> must allow.</summary>
    public TimeSpan WorstCaseDuration => AttemptTimeout * (EffectiveRetryAttempts + 1) + RetryDelay * EffectiveRetryAttempts;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WorstCaseDuration > TotalTimeout)
        {
            yield return new ValidationResult(
                $"'VoicePlatform__TotalTimeout' ({TotalTimeout}) is shorter than {EffectiveRetryAttempts + 1} attempts of 'VoicePlatform__AttemptTimeout' ({AttemptTimeout}) " +
                $"with 'VoicePlatform__RetryDelay' ({RetryDelay}) between them ({WorstCaseDuration}): lower the attempts or raise the total.",
                [nameof(TotalTimeout)]);
        }
    }
}
