using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Domain;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;
using Telephony.Infrastructure.Configuration;
using Telephony.Infrastructure.Administration;
using Telephony.Infrastructure.CoolingOff;
using Telephony.Infrastructure.Events;
using Telephony.Infrastructure.Activation;
using Telephony.Infrastructure.Reliability;
using Telephony.Infrastructure.Idempotency;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The setting naming the app's storage account; falls back to the Functions host's own.</summary>
    public const string StorageSetting = "TelephonyStorage";
    public const string HostStorageSetting = "AzureWebJobsStorage";

    public static IServiceCollection AddTelephonyInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelephonyOptions>().Bind(configuration.GetSection(TelephonyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TableStorageOptions>().Bind(configuration.GetSection(TableStorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TelephonyOptions>>().Value);
        services.AddSettingsValidation(configuration);

        services.AddAzureClients(clients =>
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, provider) =>
                    CreateTableServiceClient(configuration, options, provider.GetRequiredService<AzureComponentFactory>()))
                .ConfigureOptions(options => options.Bound()));

        services.AddSingleton<TelephonyTable>();
        services.AddSingleton<TableIdempotencyStore>();
        services.AddSingleton<IPhoneNumberStore, TablePhoneNumberStore>();
        services.AddSingleton<IOrganizationStore, TableOrganizationStore>();
        services.AddSingleton<TableSiteStore>();
        services.AddSingleton<ISiteStore, CachingSiteStore>();
        services.AddSingleton<ISiteRegistry, TableSiteRegistry>();
        services.AddCoolingOffStorage();
        services.AddEvents(configuration);
        services.AddActivation(configuration);
        services.AddAdministrationStorage();
        return services;
    }

    /// <summary>
    /// A connection string (<c>TelephonyStorage</c> = "UseDevelopmentStorage=true" or an account's), or an identity-based
    /// connection (<c>TelephonyStorage__tableServiceUri</c> or <c>__accountName</c>, with <c>__credential</c> and
    /// <c>__clientId</c> for a managed identity).
    /// </summary>
    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration, TableClientOptions options, AzureComponentFactory factory)
    {
        var section = configuration.GetSection(StorageSetting);
        if (!section.Exists())
        {
            section = configuration.GetSection(HostStorageSetting);
        }

        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new TableServiceClient(section.Value, options);
        }

        var endpoint = section["tableServiceUri"]
            ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.table.core.windows.net" : null);
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new OptionsValidationException(StorageSetting, typeof(TableServiceClient),
            [
                $"Table storage is not configured: set '{StorageSetting}' (or '{HostStorageSetting}') to a connection string, " +
                $"or '{StorageSetting}__tableServiceUri' to the account's table endpoint for an identity-based connection.",
            ]);
        }

        TokenCredential credential = factory.CreateTokenCredential(section);
        return new TableServiceClient(uri, credential, options);
    }
}
