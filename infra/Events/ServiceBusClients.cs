using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Telephony.Infrastructure.Events;

public static class ServiceBusClients
{
    // Named like a Functions binding connection.
    public const string ServiceBusSetting = "ServiceBus";

    public static bool IsServiceBusConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(ServiceBusSetting);
        return !string.IsNullOrWhiteSpace(section.Value) || !string.IsNullOrWhiteSpace(section["fullyQualifiedNamespace"]);
    }

    // A connection string, or identity-based (__fullyQualifiedNamespace, with __credential and __clientId).
    public static ServiceBusClient CreateServiceBusClient(IConfiguration configuration, ServiceBusClientOptions options, AzureComponentFactory factory)
    {
        var section = configuration.GetSection(ServiceBusSetting);
        return string.IsNullOrWhiteSpace(section.Value)
            ? new ServiceBusClient(section["fullyQualifiedNamespace"], factory.CreateTokenCredential(section), options)
            : new ServiceBusClient(section.Value, options);
    }
}
