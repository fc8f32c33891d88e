using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Telephony.Functions.Telemetry;

// Reads the same settings the Functions host reads.
public static class TelemetrySetup
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // Application Insights, else an OTLP endpoint, else the logs to the console.
    public enum Exporter { None, AzureMonitor, Otlp }

    public static Exporter ExporterFor(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]) ? Exporter.AzureMonitor
        : !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]) ? Exporter.Otlp
        : Exporter.None;

    // For Application Insights with local authentication disabled (Authorization=AAD;ClientId=…, as the host reads it).
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
