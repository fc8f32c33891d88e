using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Events;

// CloudEvents 1.0, structured mode; docs/events.asyncapi.yaml is the contract.
public static class CloudEventMessage
{
    public const string ContentType = "application/cloudevents+json";

    public const string ActorTypeAttribute = "actortype";

    public const string ActorNameAttribute = "actorname";

    public static ServiceBusMessage From(PhoneNumberEvent e)
    {
        var message = new ServiceBusMessage(Body(e))
        {
            MessageId = e.EventId,
            Subject = e.Type,
            ContentType = ContentType,
            // One session per number: a session-enabled subscription receives each number's events in order.
            SessionId = e.Number,
        };
        if (e.OperationId is not null)
        {
            message.CorrelationId = e.OperationId;
        }

        message.ApplicationProperties["siteId"] = e.SiteId;
        message.ApplicationProperties["number"] = e.Number;
        message.ApplicationProperties["status"] = e.Status.ToWire();
        message.ApplicationProperties["sequence"] = e.Sequence;
        if (e.OrganizationId is not null)
        {
            message.ApplicationProperties["organizationId"] = e.OrganizationId;
        }

        return message;
    }

    public static string Source(string siteId) => $"/sites/{siteId}";

    public static BinaryData Body(PhoneNumberEvent e)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: a number reads "+44…", not "\u002B44…" (the body is never embedded in HTML).
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", e.EventId);
            json.WriteString("source", Source(e.SiteId));
            json.WriteString("type", e.Type);
            json.WriteString("subject", e.Number);
            json.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("datacontenttype", "application/json");
            // CloudEvents allow only lower-case letters and digits in extension attribute names.
            json.WriteString(ActorTypeAttribute, e.Actor.Type);
            json.WriteString(ActorNameAttribute, e.Actor.Name);
            json.WriteStartObject("data");
            json.WriteString("number", e.Number);
            json.WriteString("siteId", e.SiteId);
            json.WriteString("previousStatus", e.PreviousStatus?.ToWire());
            json.WriteString("status", e.Status.ToWire());
            json.WriteString("organizationId", e.OrganizationId);
            json.WriteString("operationId", e.OperationId);
            json.WriteNumber("sequence", e.Sequence);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new BinaryData(buffer.ToArray());
    }
}
