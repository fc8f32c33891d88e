using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Reliability;

namespace Telephony.Infrastructure.Events;

public static class DependencyInjection
{
    /// <summary>The connection setting for Service Bus, named like a Functions binding connection.</summary>
    public const string ServiceBusSetting = "ServiceBus";

    /// <summary>
    /// The outbox, the history, the dispatcher and, when Service Bus is configured, the publisher. Without a Service Bus
    /// connection (the local default) events are recorded and stay pending; the start-up log says so.
    /// </summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxStorage>();
        services.AddSingleton<OutboxPublisher>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<IEventHistory, TableEventHistory>();
        services.AddSingleton<PhoneNumberHistory>();
        services.AddSingleton<IActivityLog, TableActivityLog>();
        services.AddSingleton<SiteActivity>();

        if (IsServiceBusConfigured(configuration))
        {
            services.AddAzureClients(clients =>
                clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, _, provider) =>
                        CreateServiceBusClient(configuration, options, provider.GetRequiredService<AzureComponentFactory>()))
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

    public static bool IsServiceBusConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(ServiceBusSetting);
        return !string.IsNullOrWhiteSpace(section.Value) || !string.IsNullOrWhiteSpace(section["fullyQualifiedNamespace"]);
    }

    /// <summary>
    /// A connection string (<c>ServiceBus</c> = "Endpoint=sb://…"), or an identity-based connection
    /// (<c>ServiceBus__fullyQualifiedNamespace</c>, with <c>__credential</c> and <c>__clientId</c> for a managed identity).
    /// </summary>
    public static ServiceBusClient CreateServiceBusClient(IConfiguration configuration, ServiceBusClientOptions options, AzureComponentFactory factory)
    {
        var section = configuration.GetSection(ServiceBusSetting);
        return string.IsNullOrWhiteSpace(section.Value)
            ? new ServiceBusClient(section["fullyQualifiedNamespace"], factory.CreateTokenCredential(section), options)
            : new ServiceBusClient(section.Value, options);
    }
}

/// <summary>Says once, at start-up, that events are not being published.</summary>
internal sealed class EventPublishingOffNotice(ILogger<EventPublishingOffNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "Event publishing is off: neither '{Setting}' nor '{Setting}__fullyQualifiedNamespace' is set. Phone-number events are recorded and stay pending until Service Bus is configured",
            DependencyInjection.ServiceBusSetting, DependencyInjection.ServiceBusSetting);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
