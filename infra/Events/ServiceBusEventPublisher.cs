using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using Telephony.Domain.Events;

namespace Telephony.Infrastructure.Events;

public interface IEventPublisher
{
    // False when no broker is configured: events then stay pending in the outbox.
    bool IsEnabled { get; }

    Task PublishAsync(PhoneNumberEvent phoneNumberEvent, CancellationToken cancellationToken);
}

// One long-lived sender.
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

public sealed class DisabledEventPublisher : IEventPublisher
{
    public bool IsEnabled => false;

    public Task PublishAsync(PhoneNumberEvent phoneNumberEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Event publishing is off: no Service Bus connection is configured.");
}
