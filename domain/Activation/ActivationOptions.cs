using System.ComponentModel.DataAnnotations;

namespace Telephony.Domain.Activation;

/// <summary>The voicemail PIN a number gets back when it is deactivated, from <c>VoicePlatform:DefaultPin</c>.</summary>
public sealed class DefaultPinOptions
{
    public const string SectionName = "VoicePlatform";

    [Required(ErrorMessage = "'VoicePlatform__DefaultPin' is not set: the voicemail PIN a deactivated number gets back, 4 to 8 digits.")]
    [RegularExpression("^[0-9]{4,8}$", ErrorMessage = "'VoicePlatform__DefaultPin' must be 4 to 8 digits.")]
    public string DefaultPin { get; set; } = "";
}

/// <summary>How activation and deactivation run, bound from the <c>Activation</c> section.</summary>
public sealed class ActivationOptions
{
    public const string SectionName = "Activation";

    /// <summary>Attempts per step that calls out (the first included) before the operation fails.</summary>
    [Range(1, 20)]
    public int StepMaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry of a step; doubles each retry up to <see cref="StepMaxRetryInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan StepFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")]
    public TimeSpan StepMaxRetryInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A deactivation's clean-up (after the number is out of service) is never undone: a step still failing after its
    /// attempts is tried again after a durable timer, first this long, doubling up to <see cref="CleanupMaxRetryInterval"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CleanupFirstRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CleanupMaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a clean-up step is retried before the deactivation completes without it, saying so in <c>lastFailure</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CleanupPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a configuration or PIN change holds the number against other changes (and keeps a deactivation waiting)
    /// while it is applied to the voice platform; longer than a platform call and its restore
    /// (2 × <c>VoicePlatform:TotalTimeout</c>), so it only ends early when the app stopped in the middle.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConfigurationChangeTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a deactivation that found a configuration or PIN change being applied looks again whether it ended
    /// (durable timer), before it touches the platform; it waits no longer than the change's hold.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ConfigurationChangeRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a number may stay PENDING without a running orchestration before the watchdog fails its operation:
    /// covers the moment between the write that starts an operation and the scheduling of its orchestration.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan WatchdogGracePeriod { get; set; } = TimeSpan.FromMinutes(10);
}
