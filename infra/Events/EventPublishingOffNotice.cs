using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telephony.Infrastructure.Events;

internal sealed class EventPublishingOffNotice(ILogger<EventPublishingOffNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "Event publishing is off: neither '{Setting}' nor '{Setting}__fullyQualifiedNamespace' is set. Phone-number events are recorded and stay pending until Service Bus is configured",
            ServiceBusClients.ServiceBusSetting, ServiceBusClients.ServiceBusSetting);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
