using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PhoneNumbers;
using Telephony.Domain;
using Telephony.Infrastructure.Events;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Configuration;

// What no options class binds (the Azure connections) or data annotations cannot say. Each failure names the app
// setting as written in the Function App (Section__Key), so a bad deployment stops at start with the setting to fix.
public static class SettingsValidation
{
    public static IEnumerable<string> StorageProblems(IConfiguration configuration)
    {
        var setting = StorageClients.SettingIn(configuration);
        var section = configuration.GetSection(setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            if (ConnectionStringProblem(() => new TableServiceClient(section.Value)) is { } problem)
            {
                yield return $"'{setting}' is not a storage connection string ({problem}).";
            }

            yield break;
        }

        if (section["tableServiceUri"] is { Length: > 0 } endpoint)
        {
            if (!IsServiceUrl(endpoint))
            {
                yield return $"'{setting}__tableServiceUri' ('{endpoint}') is not an absolute https URL such as https://<account>.table.core.windows.net/.";
            }
        }
        else if (section["accountName"] is { Length: > 0 } account)
        {
            if (account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                yield return $"'{setting}__accountName' ('{account}') is not a storage account name (3 to 24 lowercase letters and digits).";
            }
        }
        else
        {
            yield return StorageClients.NotConfigured;
            yield break;
        }

        if (ClientIdProblem(section, setting) is { } clientId)
        {
            yield return clientId;
        }
    }

    // Optional (unset = publishing off), but a value that is set must be usable.
    public static IEnumerable<string> ServiceBusProblems(IConfiguration configuration)
    {
        const string setting = ServiceBusClients.ServiceBusSetting;
        var section = configuration.GetSection(setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            if (ConnectionStringProblem(() => ServiceBusConnectionStringProperties.Parse(section.Value).Endpoint
                    ?? throw new FormatException("it has no Endpoint")) is { } problem)
            {
                yield return $"'{setting}' is not a Service Bus connection string ({problem}).";
            }

            yield break;
        }

        if (section["fullyQualifiedNamespace"] is not { Length: > 0 } ns)
        {
            yield break;
        }

        if (Uri.CheckHostName(ns) != UriHostNameType.Dns || !ns.Contains('.'))
        {
            yield return $"'{setting}__fullyQualifiedNamespace' ('{ns}') is not a namespace host name such as <namespace>.servicebus.windows.net (no scheme, no path).";
        }

        if (ClientIdProblem(section, setting) is { } clientId)
        {
            yield return clientId;
        }
    }

    // http only on this machine (a local emulator or simulator).
    public static bool IsServiceUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static string? ClientIdProblem(IConfigurationSection section, string setting) =>
        section["clientId"] is { Length: > 0 } clientId && !Guid.TryParse(clientId, out _)
            ? $"'{setting}__clientId' ('{clientId}') is not a managed identity's client id (a GUID)."
            : null;

    private static string? ConnectionStringProblem(Func<object> parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    internal sealed class AzureConnectionsValidation(IConfiguration configuration) : IValidateOptions<AzureConnections>
    {
        public ValidateOptionsResult Validate(string? name, AzureConnections options)
        {
            var problems = StorageProblems(configuration).Concat(ServiceBusProblems(configuration)).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    internal sealed class RegionValidation : IValidateOptions<TelephonyOptions>
    {
        private static readonly HashSet<string> Regions = PhoneNumberUtil.GetInstance().GetSupportedRegions();

        public ValidateOptionsResult Validate(string? name, TelephonyOptions options) =>
            string.IsNullOrEmpty(options.DefaultRegion) || Regions.Contains(options.DefaultRegion)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"'Telephony__DefaultRegion' ('{options.DefaultRegion}') is not a region: use a two-letter ISO 3166 code such as GB.");
    }
}

// Nothing reads it: it only carries the connection checks into start-up validation.
public sealed class AzureConnections;
