namespace Telephony.Domain.Common;

/// <summary>
/// The one optimistic-concurrency loop: read, decide, try to commit, and when another request won the race (the
/// version read no longer matched) pause and run again on what it left, at most <see cref="MaxAttempts"/> times.
/// Many requests on one row — activations taking voice services from one organization — collide again if they retry at
/// once; an exponential, fully jittered pause spreads them out, so each round lets another one through.
/// </summary>
public static class ConcurrencyBackOff
{
    /// <summary>How often a command reads, applies its rule and commits before answering <c>concurrent-update</c>.</summary>
    public const int MaxAttempts = 12;

    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Runs <paramref name="attempt"/> until it answers. It reads, applies its rule and tries to commit; it returns the
    /// answer (a value or a refusal), or null when its commit lost the race. After <see cref="MaxAttempts"/> lost races
    /// the answer is <c>concurrent-update</c> about <paramref name="subject"/>.
    /// </summary>
    public static async Task<Result<T>> RunAsync<T>(string subject, Func<Task<Result<T>?>> attempt, CancellationToken cancellationToken)
    {
        for (var tried = 0; tried < MaxAttempts; tried++)
        {
            if (tried > 0)
            {
                await PauseAsync(tried - 1, cancellationToken);
            }

            if (await attempt() is { } answer)
            {
                return answer;
            }
        }

        return Errors.ConcurrentUpdate(subject);
    }

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
    private static Task PauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(After(attempt), cancellationToken);
}
