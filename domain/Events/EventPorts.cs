namespace Telephony.Domain.Events;

public interface IEventHistory
{
    Task<IReadOnlyList<PhoneNumberEvent>> ReadAsync(string siteId, string number, long from, long to, CancellationToken cancellationToken);

    Task<long?> LastSequenceAsync(string siteId, string number, CancellationToken cancellationToken);
}
