using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Infrastructure.Idempotency;

namespace Telephony.Functions.Security;

public static class SecurityServices
{
    /// <summary>The environment variable App Service sets to <c>True</c> while App Service Authentication is on.</summary>
    public const string AppServiceAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    public static IServiceCollection AddTelephonySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.SectionName))
            // Set by App Service (and read by the Functions host) when App Service Authentication is on; a client cannot set it.
            .PostConfigure(o => o.AppServiceAuthenticationEnabled =
                bool.TryParse(configuration[AppServiceAuthenticationSetting], out var enabled) && enabled)
            .Validate(o => !o.Problems().Any(), "Security settings are not valid: Security__DevelopmentPrincipal must be empty, 'PlatformAdmin' or " +
                "'Operator:site-a,site-b', and empty where Security__RequireAppServiceAuthentication is true; " +
                "Security__IdempotencyKeyLifetime from 00:01:00 to 30.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton<IdempotentCommands>();
        services.AddSingleton<SecurityGate>();
        services.AddSingleton<SecurityMiddleware>();
        services.AddHostedService<DevelopmentPrincipalWarning>();
        services.AddHostedService<FrontDoorCheck>();
        return services;
    }

    /// <summary>Every HTTP function behind <see cref="SecurityGate"/>; call after <c>ConfigureFunctionsWebApplication</c>.</summary>
    public static IFunctionsWorkerApplicationBuilder UseTelephonySecurity(this IFunctionsWorkerApplicationBuilder builder) =>
        builder.UseMiddleware<SecurityMiddleware>();
}

/// <summary>Says loudly at start-up that requests without a principal are let in as a fixed development caller.</summary>
internal sealed class DevelopmentPrincipalWarning(IOptions<SecurityOptions> options, ILogger<DevelopmentPrincipalWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.DevelopmentPrincipal))
        {
            logger.LogWarning(
                "SECURITY: Security__DevelopmentPrincipal is set to {DevelopmentPrincipal}: every request without X-MS-CLIENT-PRINCIPAL is " +
                "treated as that caller. This is for local development only; never set it in a deployed app.",
                options.Value.DevelopmentPrincipal);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Says at start-up that a deployed app answers every request 401 because App Service Authentication is off.</summary>
internal sealed class FrontDoorCheck(IOptions<SecurityOptions> options, ILogger<FrontDoorCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.FrontDoorMissing)
        {
            logger.LogCritical(
                "SECURITY: Security__RequireAppServiceAuthentication is true but App Service Authentication is off ({Setting} is not True): " +
                "every HTTP request is answered 401 until the Function app's authsettingsV2 (infra/deploy/modules/web.bicep) is restored.",
                SecurityServices.AppServiceAuthenticationSetting);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
