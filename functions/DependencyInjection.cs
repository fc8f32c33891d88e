using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Telephony.Domain;
using Telephony.Functions.Idempotency;
using Telephony.Functions.Security;
using Telephony.Functions.Telemetry;
using Telephony.Infrastructure;

namespace Telephony.Functions;

public static class DependencyInjection
{
    // The tests register the app through this one call too.
    public static IServiceCollection AddTelephonyApp(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddTelephonyDomain()
            .AddTelephonyInfrastructure(configuration)
            .AddTelephonyTelemetry(configuration)
            .AddTelephonySecurity(configuration);

    // Internal so tests can build it alone.
    internal static IServiceCollection AddTelephonySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.SectionName))
            // Set by App Service when its Authentication is on; a client cannot set it.
            .PostConfigure(o => o.AppServiceAuthenticationEnabled =
                bool.TryParse(configuration[SecurityOptions.AppServiceAuthenticationSetting], out var enabled) && enabled)
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

    // Internal so tests can build it alone.
    internal static IServiceCollection AddTelephonyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing
                .AddSource(TelephonyTelemetry.Name)
                .AddSource("Microsoft.DurableTask")
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(TelephonyTelemetry.Name)
                .AddHttpClientInstrumentation())
            .WithLogging();

        switch (TelemetrySetup.ExporterFor(configuration))
        {
            case TelemetrySetup.Exporter.AzureMonitor:
                var connectionString = configuration[TelemetrySetup.AzureMonitorSetting];
                var credential = TelemetrySetup.CredentialFor(configuration[TelemetrySetup.AzureMonitorAuthenticationSetting]);
                telemetry.UseAzureMonitorExporter(options =>
                {
                    options.ConnectionString = connectionString;
                    options.Credential = credential;
                });
                break;
            case TelemetrySetup.Exporter.Otlp:
                telemetry.UseOtlpExporter();
                break;
            case TelemetrySetup.Exporter.None:
                // With telemetryMode OpenTelemetry the host no longer shows the worker's logs: without an exporter they go nowhere.
                services.AddLogging(logging => logging.AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "HH:mm:ss ";
                }));
                break;
        }

        return services;
    }

}
