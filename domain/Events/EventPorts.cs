namespace Telephony.Domain.Events;

/// <summary>A number's event history, newest first. Implemented in infra/ on Table Storage.</summary>
public interface IEventHistory
{
    /// <summary>The number's events with sequences from <paramref name="from"/> to <paramref name="to"/>, newest first.</summary>
    Task<IReadOnlyList<PhoneNumberEvent>> ReadAsync(string siteId, string number, long from, long to, CancellationToken cancellationToken);

    /// <summary>The sequence of the number's latest recorded event; null when it has none.</summary>
    Task<long?> LastSequenceAsync(string siteId, string number, CancellationToken cancellationToken);
}
