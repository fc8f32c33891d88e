using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Telephony.Infrastructure.Events;

/// <summary>The Service Bus connection events are published on, and how its client is built from the settings.</summary>
public static class ServiceBusClients
{
    /// <summary>The connection setting for Service Bus, named like a Functions binding connection.</summary>
    public const string ServiceBusSetting = "ServiceBus";

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
