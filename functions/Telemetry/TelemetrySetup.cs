using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Telephony.Functions.Telemetry;

public static class TelemetrySetup
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Where the telemetry goes: Application Insights, else an OTLP endpoint, else the logs to the console.</summary>
    public enum Exporter { None, AzureMonitor, Otlp }

    public static Exporter ExporterFor(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]) ? Exporter.AzureMonitor
        : !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]) ? Exporter.Otlp
        : Exporter.None;

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry: the app's own <see cref="TelephonyTelemetry"/> source and meter, the
    /// Durable Task worker's spans, outgoing HTTP (the voice platform), and the Functions worker's defaults (its resource
    /// and the function-invocation context, so the worker's spans join the host's).
    /// </summary>
    public static IServiceCollection AddTelephonyTelemetry(this IServiceCollection services, IConfiguration configuration)
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

        switch (ExporterFor(configuration))
        {
            case Exporter.AzureMonitor:
                var connectionString = configuration[AzureMonitorSetting];
                var credential = CredentialFor(configuration[AzureMonitorAuthenticationSetting]);
                telemetry.UseAzureMonitorExporter(options =>
                {
                    options.ConnectionString = connectionString;
                    options.Credential = credential;
                });
                break;
            case Exporter.Otlp:
                // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* settings.
                telemetry.UseOtlpExporter();
                break;
            case Exporter.None:
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

    /// <summary>
    /// The Entra ID credential for Application Insights when local authentication is disabled, read from the setting the
    /// Functions host reads too (<c>Authorization=AAD;ClientId=…</c>); null when telemetry is sent with the connection
    /// string alone.
    /// </summary>
    public static TokenCredential? CredentialFor(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
