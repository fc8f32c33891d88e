using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Telephony.Functions.Telemetry;

/// <summary>Where the telemetry goes, read from the settings the Functions host reads too.</summary>
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
