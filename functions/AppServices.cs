using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain;
using Telephony.Functions.Telemetry;
using Telephony.Functions.Security;
using Telephony.Infrastructure;

namespace Telephony.Functions;

public static class AppServices
{
    /// <summary>Everything the function classes need; Program.cs and the tests register the app through this one call.</summary>
    public static IServiceCollection AddTelephonyApp(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddTelephonyDomain()
            .AddTelephonyInfrastructure(configuration)
            .AddTelephonyTelemetry(configuration)
            .AddTelephonySecurity(configuration);
}
