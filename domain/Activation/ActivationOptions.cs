using System.ComponentModel.DataAnnotations;

namespace Telephony.Domain.Activation;

public sealed class DefaultPinOptions
{
    public const string SectionName = "VoicePlatform";

    [Required(ErrorMessage = "'VoicePlatform__DefaultPin' is not set: the voicemail PIN a deactivated number gets back, 4 to 8 digits.")]
    [RegularExpression("^[0-9]{4,8}$", ErrorMessage = "'VoicePlatform__DefaultPin' must be 4 to 8 digits.")]
    public string DefaultPin { get; set; } = "";
}

public sealed class ActivationOptions
{
    public const string SectionName = "Activation";

    [Range(1, 20)]
    public int StepMaxAttempts { get; set; } = 5;

    // Doubles each retry up to StepMaxRetryInterval.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan StepFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")]
    public TimeSpan StepMaxRetryInterval { get; set; } = TimeSpan.FromMinutes(2);

    // Clean-up is never undone: a step still failing is retried after a durable timer, doubling up to CleanupMaxRetryInterval.
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CleanupFirstRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CleanupMaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    // After this the deactivation completes without the step, saying so in lastFailure.
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CleanupPeriod { get; set; } = TimeSpan.FromHours(24);

    // Longer than a platform call and its restore (2 × VoicePlatform:TotalTimeout), so it ends early only if the app stopped.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConfigurationChangeTimeout { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ConfigurationChangeRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    // Covers the gap between the write that starts an operation and the scheduling of its orchestration.
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan WatchdogGracePeriod { get; set; } = TimeSpan.FromMinutes(10);
}
