namespace Telephony.Functions.Security;

/// <summary>The <c>Security</c> settings.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>The environment variable App Service sets to <c>True</c> while App Service Authentication is on.</summary>
    public const string AppServiceAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>
    /// Local development only: the caller assumed when a request carries no <c>X-MS-CLIENT-PRINCIPAL</c>
    /// (<c>PlatformAdmin</c>, or <c>Operator:site-a,site-b</c>). Unset in every deployed environment.
    /// </summary>
    public string? DevelopmentPrincipal { get; set; }

    /// <summary>
    /// Deployed apps: <c>X-MS-CLIENT-PRINCIPAL</c> is believed only while App Service Authentication stands in front of
    /// the app (<see cref="AppServiceAuthenticationEnabled"/>); without it every request is answered 401. infra/deploy
    /// sets it, with App Service Authentication admitting only the Static Web App (docs/security.md).
    /// </summary>
    public bool RequireAppServiceAuthentication { get; set; }

    /// <summary>
    /// Whether App Service Authentication is on for this app, as the platform says it (<c>WEBSITE_AUTH_ENABLED</c>,
    /// <see cref="AppServiceAuthenticationSetting"/>); never read from the <c>Security</c> section.
    /// </summary>
    public bool AppServiceAuthenticationEnabled { get; set; }

    /// <summary>True when principals must come through App Service Authentication and it is not there.</summary>
    public bool FrontDoorMissing => RequireAppServiceAuthentication && !AppServiceAuthenticationEnabled;

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

        if (RequireAppServiceAuthentication && !string.IsNullOrWhiteSpace(DevelopmentPrincipal))
        {
            yield return "Security__DevelopmentPrincipal cannot be set where Security__RequireAppServiceAuthentication is true (a deployed app).";
        }

        if (IdempotencyKeyLifetime < TimeSpan.FromMinutes(1) || IdempotencyKeyLifetime > TimeSpan.FromDays(30))
        {
            yield return "Security__IdempotencyKeyLifetime must be from 00:01:00 to 30.00:00:00.";
        }
    }
}
