using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Telephony.Domain.Activation;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Activation;

// A query across partitions: acceptable because it is rare (the watchdog's schedule) and small.
public sealed class TablePendingNumberQuery(TelephonyTable table) : IPendingNumberQuery
{
    public async IAsyncEnumerable<PhoneNumber> PendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var pending = PhoneNumberStatus.Pending.ToWire();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.NumberPrefix} and RowKey lt {Keys.NumbersEnd} and Status eq {pending}");
        await foreach (var entity in client.QueryAsync<PhoneNumberEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            yield return entity.ToDomain();
        }
    }
}
