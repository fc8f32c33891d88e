using System.ComponentModel.DataAnnotations;

namespace Telephony.Infrastructure.VoicePlatform;

/// <summary>The voice platform's API, bound from the <c>VoicePlatform</c> section (<c>VoicePlatform__BaseUrl</c> …).</summary>
public sealed class VoicePlatformOptions
{
    public const string SectionName = "VoicePlatform";

    /// <summary>The API's root, e.g. <c>https://voice.example.net/v1/</c>. None or empty: the built-in simulated platform is used.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent in the <c>X-Api-Key</c> header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries of a transient failure within one call (the orchestration retries the whole step beyond these).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
