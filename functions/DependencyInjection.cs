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
    /// <summary>Everything the function classes need; <see cref="TelephonyHost"/> and the tests register the app through this one call.</summary>
    public static IServiceCollection AddTelephonyApp(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddTelephonyDomain()
            .AddTelephonyInfrastructure(configuration)
            .AddTelephonyTelemetry(configuration)
            .AddTelephonySecurity(configuration);

    /// <summary>
    /// Security: the settings, the gate every HTTP function passes (<see cref="SecurityMiddleware"/>), idempotency and the
    /// start-up checks (<c>Security/SecurityStartupChecks.cs</c>). Internal so tests can build it alone.
    /// </summary>
    internal static IServiceCollection AddTelephonySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.SectionName))
            // Set by App Service (and read by the Functions host) when App Service Authentication is on; a client cannot set it.
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

    /// <summary>
    /// Telemetry: traces, metrics and logs through OpenTelemetry: the app's own <see cref="TelephonyTelemetry"/> source and meter, the
    /// Durable Task worker's spans, outgoing HTTP (the voice platform), and the Functions worker's defaults (its resource
    /// and the function-invocation context, so the worker's spans join the host's).
    /// Internal so tests can build it alone.
    /// </summary>
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
                // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* settings.
                telemetry.UseOtlpExporter();
                break;
            case TelemetrySetup.Exporter.None:
                // With telemetryMode OpenTelemetry the host no longer shows the worker's logs: without an exporter they
                // would go nowhere, and "committed but not published" would be invisible on a developer's `func start`.
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
