using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using Telephony.Domain.Events;

namespace Telephony.Infrastructure.Events;

/// <summary>Sends events to subscribers. Throws when an event could not be sent.</summary>
public interface IEventPublisher
{
    /// <summary>False when no broker is configured: events then stay pending in the outbox.</summary>
    bool IsEnabled { get; }

    Task PublishAsync(PhoneNumberEvent phoneNumberEvent, CancellationToken cancellationToken);
}

/// <summary>Publishes events to the configured topic with one long-lived sender.</summary>
public sealed class ServiceBusEventPublisher(ServiceBusClient client, IOptions<EventsOptions> options) : IEventPublisher, IAsyncDisposable
{
    private readonly Lazy<ServiceBusSender> _sender = new(() => client.CreateSender(options.Value.EventsTopic));

    public bool IsEnabled => true;

    public Task PublishAsync(PhoneNumberEvent phoneNumberEvent, CancellationToken cancellationToken) =>
        _sender.Value.SendMessageAsync(CloudEventMessage.From(phoneNumberEvent), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_sender.IsValueCreated)
        {
            await _sender.Value.DisposeAsync();
        }
    }
}

/// <summary>No broker configured (the local default): nothing is published and events stay pending in the outbox.</summary>
public sealed class DisabledEventPublisher : IEventPublisher
{
    public bool IsEnabled => false;

    public Task PublishAsync(PhoneNumberEvent phoneNumberEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Event publishing is off: no Service Bus connection is configured.");
}
