using System.ComponentModel.DataAnnotations;

namespace Telephony.Infrastructure.VoicePlatform;

public sealed class VoicePlatformOptions : IValidatableObject
{
    public const string SectionName = "VoicePlatform";

    // Unset: the built-in simulated platform is used.
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    // Within one call; the orchestration retries the whole step beyond these.
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    // Must stay below the Durable work-item visibility time-out (host.json, 30 s) less the activity's storage work, or a
    // slow call makes its step run twice.
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(20);

    // The standard resilience handler's minimum is one retry.
    public int EffectiveRetryAttempts => Math.Max(1, MaxRetryAttempts);

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
