using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Telephony.Domain;
using Telephony.Domain.Activation;
using Telephony.Domain.Administration;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Events;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;
using Telephony.Infrastructure.Activation;
using Telephony.Infrastructure.Administration;
using Telephony.Infrastructure.Configuration;
using Telephony.Infrastructure.CoolingOff;
using Telephony.Infrastructure.Events;
using Telephony.Infrastructure.Idempotency;
using Telephony.Infrastructure.Reliability;
using Telephony.Infrastructure.Tables;
using Telephony.Infrastructure.VoicePlatform;

namespace Telephony.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddTelephonyInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked at start-up (infra/Configuration/SettingsValidation.cs).
        services.AddOptions<TelephonyOptions>().Bind(configuration.GetSection(TelephonyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TableStorageOptions>().Bind(configuration.GetSection(TableStorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TelephonyOptions>>().Value);
        services.AddSingleton<IValidateOptions<AzureConnections>>(new SettingsValidation.AzureConnectionsValidation(configuration));
        services.AddOptions<AzureConnections>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelephonyOptions>, SettingsValidation.RegionValidation>();

        services.AddAzureClients(clients =>
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, provider) =>
                    StorageClients.CreateTableServiceClient(configuration, options, provider.GetRequiredService<AzureComponentFactory>()))
                .ConfigureOptions(options => options.Bound()));
        services.AddSingleton<TelephonyTable>();
        services.AddSingleton<TableIdempotencyStore>();
        services.AddSingleton<IPhoneNumberStore, TablePhoneNumberStore>();
        services.AddSingleton<TableOrganizationStore>();
        services.AddSingleton<CachingOrganizationStore>();
        services.AddSingleton<IOrganizationStore>(sp => sp.GetRequiredService<CachingOrganizationStore>());
        services.AddSingleton<TableSiteStore>();
        services.AddSingleton<ISiteStore, CachingSiteStore>();
        services.AddSingleton<ISiteRegistry, TableSiteRegistry>();

        services.AddSingleton<ICoolingOffIndex, TableCoolingOffIndex>();
        services.AddSingleton<ISiteDirectory, TableSiteDirectory>();

        services.AddSingleton<IRemovedNumberStore, TableRemovedNumberStore>();

        services.AddEvents(configuration);
        services.AddActivation(configuration);
        return services;
    }

    // Without Service Bus (the local default) events are recorded and stay pending; the start-up log says so.
    private static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxStorage>();
        services.AddSingleton<OutboxPublisher>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<IEventHistory, TableEventHistory>();
        services.AddSingleton<PhoneNumberHistory>();
        services.TryAddSingleton(ActivityReadBounds.Default);
        services.AddSingleton<IActivityLog, TableActivityLog>();
        services.AddSingleton<SiteActivity>();

        if (ServiceBusClients.IsServiceBusConfigured(configuration))
        {
            services.AddAzureClients(clients =>
                clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, _, provider) =>
                        ServiceBusClients.CreateServiceBusClient(configuration, options, provider.GetRequiredService<AzureComponentFactory>()))
                    .ConfigureOptions(options => options.Bound()));
            services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        }
        else
        {
            services.AddSingleton<IEventPublisher, DisabledEventPublisher>();
            services.AddHostedService<EventPublishingOffNotice>();
        }

        return services;
    }

    // The simulated platform on Table Storage unless VoicePlatform:BaseUrl is set. Internal so tests can build it alone.
    internal static IServiceCollection AddActivation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DefaultPinOptions>().Bind(configuration.GetSection(DefaultPinOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ActivationOptions>().Bind(configuration.GetSection(ActivationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VoicePlatformOptions>().Bind(configuration.GetSection(VoicePlatformOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DefaultPinOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ActivationOptions>>().Value);

        services.AddSingleton<INumberConfigurationStore, TableNumberConfigurationStore>();
        services.AddSingleton<IPendingNumberQuery, TablePendingNumberQuery>();

        var platform = configuration.GetSection(VoicePlatformOptions.SectionName).Get<VoicePlatformOptions>() ?? new VoicePlatformOptions();
        if (string.IsNullOrWhiteSpace(platform.BaseUrl))
        {
            services.AddSingleton<SimulatedVoicePlatform>();
            services.AddSingleton<IVoicePlatform>(sp => sp.GetRequiredService<SimulatedVoicePlatform>());
            services.AddHostedService<SimulatedVoicePlatformNotice>();
            return services;
        }

        // Checked here, not on start: the HTTP client below is built from it.
        if (!SettingsValidation.IsServiceUrl(platform.BaseUrl))
        {
            throw new OptionsValidationException(VoicePlatformOptions.SectionName, typeof(VoicePlatformOptions),
                [$"'VoicePlatform__BaseUrl' ('{platform.BaseUrl}') is not an absolute https URL (http only on localhost); leave it empty to use the simulated voice platform."]);
        }

        var baseUrl = new Uri(platform.BaseUrl);

        services.AddHttpClient<IVoicePlatform, HttpVoicePlatform>(client =>
            {
                // A relative path must extend the base URL, not replace its last segment.
                client.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
                if (!string.IsNullOrEmpty(platform.ApiKey))
                {
                    client.DefaultRequestHeaders.Add(HttpVoicePlatform.ApiKeyHeader, platform.ApiKey);
                }
            })
            .AddStandardResilienceHandler(resilience =>
            {
                // Bounded by TotalTimeout, below the work-item visibility time-out (docs/activation.md, "Crash recovery").
                resilience.Retry.MaxRetryAttempts = platform.EffectiveRetryAttempts;
                resilience.Retry.BackoffType = DelayBackoffType.Constant;
                resilience.Retry.UseJitter = false;
                resilience.Retry.Delay = platform.RetryDelay;
                resilience.AttemptTimeout.Timeout = platform.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = platform.TotalTimeout;
                resilience.CircuitBreaker.SamplingDuration = platform.AttemptTimeout * 2;
            });
        return services;
    }
}
