namespace Telephony.Functions.Security;

/// <summary>The <c>Security</c> settings.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Local development only: the caller assumed when a request carries no <c>X-MS-CLIENT-PRINCIPAL</c>
    /// (<c>PlatformAdmin</c>, or <c>Operator:site-a,site-b</c>). Unset in every deployed environment.
    /// </summary>
    public string? DevelopmentPrincipal { get; set; }

    /// <summary>How long an Idempotency-Key is remembered.</summary>
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<string> Problems()
    {
        string? problem = null;
        try
        {
            Caller.FromDevelopmentSetting(DevelopmentPrincipal);
        }
        catch (FormatException e)
        {
            problem = e.Message;
        }

        if (problem is not null)
        {
            yield return problem;
        }

        if (IdempotencyKeyLifetime < TimeSpan.FromMinutes(1) || IdempotencyKeyLifetime > TimeSpan.FromDays(30))
        {
            yield return "Security__IdempotencyKeyLifetime must be from 00:01:00 to 30.00:00:00.";
        }
    }
}
