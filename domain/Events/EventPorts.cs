namespace Telephony.Domain.Events;

/// <summary>
/// An event noted as possibly unpublished: written before the change that records the event is committed, removed once
/// the committed event is published. <see cref="NotedAt"/> lets a sweep tell an in-flight change from one that failed.
/// </summary>
public sealed record PendingEvent(string SiteId, string Number, long Sequence, DateTimeOffset NotedAt, string StoreVersion);

/// <summary>A committed event record, whether it has been published, and the store's version of the record.</summary>
public sealed record StoredEvent(PhoneNumberEvent Event, bool Published, string StoreVersion);

/// <summary>The outbox: which events may still need publishing, and their records. Implemented in infra/ on Table Storage.</summary>
public interface IEventOutbox
{
    /// <summary>Notes the events before the change that records them is committed, so none can be committed unnoticed.</summary>
    Task NoteAsync(IReadOnlyList<PhoneNumberEvent> events, CancellationToken cancellationToken);

    /// <summary>Every noted event, ordered by site, number and sequence.</summary>
    IAsyncEnumerable<PendingEvent> ListAsync(CancellationToken cancellationToken);

    /// <summary>One number's noted events in sequence order.</summary>
    Task<IReadOnlyList<PendingEvent>> ListAsync(string siteId, string number, CancellationToken cancellationToken);

    /// <summary>The committed record for a noted event; null when the change that records it was not (or not yet) committed.</summary>
    Task<StoredEvent?> ReadAsync(PendingEvent pending, CancellationToken cancellationToken);

    /// <summary>Marks the record published, unless it changed since it was read (then someone else marked it).</summary>
    Task MarkPublishedAsync(StoredEvent stored, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the note: its event is published, or its change was never committed. Kept when the note was written again
    /// since it was read (a change in flight noted the same event).
    /// </summary>
    Task ForgetAsync(PendingEvent pending, CancellationToken cancellationToken);
}

/// <summary>Sends events to subscribers (Service Bus in infra/). Throws when an event could not be sent.</summary>
public interface IEventPublisher
{
    /// <summary>False when no broker is configured: events then stay pending in the outbox.</summary>
    bool IsEnabled { get; }

    Task PublishAsync(PhoneNumberEvent phoneNumberEvent, CancellationToken cancellationToken);
}

/// <summary>A number's event history, newest first. Implemented in infra/ on Table Storage.</summary>
public interface IEventHistory
{
    /// <summary>The number's events with sequences from <paramref name="from"/> to <paramref name="to"/>, newest first.</summary>
    Task<IReadOnlyList<PhoneNumberEvent>> ReadAsync(string siteId, string number, long from, long to, CancellationToken cancellationToken);

    /// <summary>The sequence of the number's latest recorded event; null when it has none.</summary>
    Task<long?> LastSequenceAsync(string siteId, string number, CancellationToken cancellationToken);
}
