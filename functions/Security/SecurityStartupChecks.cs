using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telephony.Functions.Security;

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

internal sealed class FrontDoorCheck(IOptions<SecurityOptions> options, ILogger<FrontDoorCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.FrontDoorMissing)
        {
            logger.LogCritical(
                "SECURITY: Security__RequireAppServiceAuthentication is true but App Service Authentication is off ({Setting} is not True): " +
                "every HTTP request is answered 401 until the Function app's authsettingsV2 (infra/deploy/modules/web.bicep) is restored.",
                SecurityOptions.AppServiceAuthenticationSetting);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
