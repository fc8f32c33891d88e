using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Telephony.Infrastructure.Tables;

public static class StorageClients
{
    // Falls back to the Functions host's own account.
    public const string StorageSetting = "TelephonyStorage";
    public const string HostStorageSetting = "AzureWebJobsStorage";

    public static string SettingIn(IConfiguration configuration) =>
        configuration.GetSection(StorageSetting).Exists() ? StorageSetting : HostStorageSetting;

    public static readonly string NotConfigured =
        $"Table storage is not configured: set '{StorageSetting}' (or '{HostStorageSetting}') to a connection string, " +
        $"or '{StorageSetting}__tableServiceUri' (or '__accountName') for an identity-based connection.";

    // A connection string, or identity-based (__tableServiceUri or __accountName, with __credential and __clientId).
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
