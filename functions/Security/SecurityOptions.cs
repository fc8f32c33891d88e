namespace Telephony.Functions.Security;

public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    public const string AppServiceAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    // Local development only (PlatformAdmin, or Operator:site-a,site-b); unset in every deployed environment.
    public string? DevelopmentPrincipal { get; set; }

    // Deployed: X-MS-CLIENT-PRINCIPAL is believed only behind App Service Authentication, else 401 (docs/security.md).
    public bool RequireAppServiceAuthentication { get; set; }

    // Read from WEBSITE_AUTH_ENABLED as the platform says it, never from the Security section.
    public bool AppServiceAuthenticationEnabled { get; set; }

    public bool FrontDoorMissing => RequireAppServiceAuthentication && !AppServiceAuthenticationEnabled;

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
