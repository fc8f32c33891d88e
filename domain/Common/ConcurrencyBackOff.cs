namespace Telephony.Domain.Common;

/// <summary>
/// The pause before a command tries again after losing an optimistic-concurrency race (its ETag no longer matched).
/// Many requests on one row — activations taking voice services from one organization — collide again if they retry at
/// once; an exponential, fully jittered pause spreads them out, so each round lets another one through.
/// </summary>
public static class ConcurrencyBackOff
{
    /// <summary>How often a command reads, applies its rule and commits before answering <c>concurrent-update</c>.</summary>
    public const int MaxAttempts = 12;

    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(500);

    /// <summary>The pause after attempt <paramref name="attempt"/> (0-based): uniform in [0, min(500 ms, 10 ms × 2^attempt)].</summary>
    public static TimeSpan After(int attempt)
    {
        var ceiling = Math.Min(Longest.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    /// <summary>
    /// Waits before the next attempt. Real time, not the app's <see cref="TimeProvider"/>: the pause only spreads
    /// requests apart and is never a rule's time.
    /// </summary>
    public static Task PauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(After(attempt), cancellationToken);
}
