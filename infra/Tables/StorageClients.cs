using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Telephony.Infrastructure.Tables;

/// <summary>The Table Storage connection the app uses, and how its client is built from the settings.</summary>
public static class StorageClients
{
    /// <summary>The setting naming the app's storage account; falls back to the Functions host's own.</summary>
    public const string StorageSetting = "TelephonyStorage";
    public const string HostStorageSetting = "AzureWebJobsStorage";

    /// <summary>The setting the connection is read from: <c>TelephonyStorage</c> when present, else <c>AzureWebJobsStorage</c>.</summary>
    public static string SettingIn(IConfiguration configuration) =>
        configuration.GetSection(StorageSetting).Exists() ? StorageSetting : HostStorageSetting;

    /// <summary>The start-up problem (and the client's error) when neither setting names a connection.</summary>
    public static readonly string NotConfigured =
        $"Table storage is not configured: set '{StorageSetting}' (or '{HostStorageSetting}') to a connection string, " +
        $"or '{StorageSetting}__tableServiceUri' (or '__accountName') for an identity-based connection.";

    /// <summary>
    /// A connection string (<c>TelephonyStorage</c> = "UseDevelopmentStorage=true" or an account's), or an identity-based
    /// connection (<c>TelephonyStorage__tableServiceUri</c> or <c>__accountName</c>, with <c>__credential</c> and
    /// <c>__clientId</c> for a managed identity).
    /// </summary>
    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration, TableClientOptions options, AzureComponentFactory factory)
    {
        var section = configuration.GetSection(SettingIn(configuration));

        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new TableServiceClient(section.Value, options);
        }

        var endpoint = section["tableServiceUri"]
            ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.table.core.windows.net" : null);
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new OptionsValidationException(StorageSetting, typeof(TableServiceClient), [NotConfigured]);
        }

        TokenCredential credential = factory.CreateTokenCredential(section);
        return new TableServiceClient(uri, credential, options);
    }
}
