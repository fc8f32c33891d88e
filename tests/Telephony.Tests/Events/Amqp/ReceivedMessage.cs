using System.Text;

namespace Telephony.Tests.Events.Amqp;

/// <summary>
/// A message as the <see cref="FakeServiceBusBroker"/> received it, reduced to what a test asserts.
/// Service Bus maps <c>SessionId</c> to AMQP <c>group-id</c>, <c>Subject</c> to <c>subject</c> and
/// application properties to AMQP application-properties; this record uses the Service Bus names.
/// </summary>
public sealed record ReceivedMessage
{
    /// <summary>The entity (queue or topic name) the message was sent to.</summary>
    public required string Entity { get; init; }

    public string? MessageId { get; init; }
    public string? Subject { get; init; }
    public string? ContentType { get; init; }
    public string? CorrelationId { get; init; }
    public string? SessionId { get; init; }
    public string? ReplyTo { get; init; }
    public string? To { get; init; }

    /// <summary>AMQP application-properties, keyed by name; values keep their decoded AMQP type (string, int, long, ...).</summary>
    public IReadOnlyDictionary<string, object?> ApplicationProperties { get; init; } =
        new Dictionary<string, object?>();

    /// <summary>AMQP message-annotations (e.g. <c>x-opt-partition-key</c>, <c>x-opt-scheduled-enqueue-time</c>).</summary>
    public IReadOnlyDictionary<string, object?> MessageAnnotations { get; init; } =
        new Dictionary<string, object?>();

    /// <summary>The body bytes (the Data section, or a binary/string AmqpValue).</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>True when the message arrived inside a batch (message format 0x80013700).</summary>
    public bool WasBatched { get; init; }

    public string BodyAsString => Encoding.UTF8.GetString(Body);

    /// <summary>The application property as a string, or null if it is absent.</summary>
    public string? Property(string name) =>
        ApplicationProperties.TryGetValue(name, out var value) ? value?.ToString() : null;
}
