namespace Telephony.Domain.Common;

// The one optimistic-concurrency loop. Requests on one hot row (an organization's voice services) collide again if
// they retry at once; a fully jittered exponential pause lets another one through each round.
public static class ConcurrencyBackOff
{
    public const int MaxAttempts = 12;

    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(500);

    // attempt returns null when its commit lost the race.
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

    public static TimeSpan After(int attempt)
    {
        var ceiling = Math.Min(Longest.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    // Real time, not the app's TimeProvider: the pause only spreads requests apart and is never a rule's time.
    private static Task PauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(After(attempt), cancellationToken);
}
