using Azure.Data.Tables;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.CoolingOff;
using Telephony.Infrastructure.Tables;
using Telephony.Tests.Support;

namespace Telephony.Tests.CoolingOff;

/// <summary>Arranging and inspecting cooling-off state in a <see cref="TestApp"/>.</summary>
internal static class CoolingOffTesting
{
    /// <summary>
    /// Allocates the number and puts it in service. Activation is not built yet, so the aggregate's own
    /// StartActivation and CompleteOperation run here and the number is committed through the store.
    /// </summary>
    public static async Task PutInServiceAsync(this TestApp app, Api api, string siteId, string number)
    {
        Assert.Equal(200, (await api.AllocateAsync(siteId, number, """{"allocateTo":"operator"}""")).Status);
        var store = app.Get<IPhoneNumberStore>();
        var reserved = (await store.FindAsync(siteId, number, default))!;
        var now = app.Clock.GetUtcNow();
        Assert.True(reserved.StartActivation("op-" + number, now).IsSuccess);
        Assert.True(reserved.CompleteOperation("op-" + number, now));
        Assert.True(await store.TrySaveAsync(reserved, null, default));

        // Deallocation needs a RESERVED number: take it out of service the same way.
        var active = (await store.FindAsync(siteId, number, default))!;
        Assert.True(active.StartDeactivation("off-" + number, now).IsSuccess);
        Assert.True(active.CompleteOperation("off-" + number, now));
        Assert.True(await store.TrySaveAsync(active, null, default));
    }

    public static async Task<PhoneNumber> NumberAsync(this TestApp app, string siteId, string number) =>
        (await app.Get<IPhoneNumberStore>().FindAsync(siteId, number, default))!;

    /// <summary>The number's recorded events of one kind (records and notes), counted in the table.</summary>
    public static Task<int> EventCountAsync(this TestApp app, string siteId, string number, string change) =>
        Task.FromResult(app.Events(number, siteId).Count(e => e.GetString("Change") == change));

    /// <summary>The index entries (row keys) the table holds.</summary>
    public static async Task<List<string>> IndexRowKeysAsync(this TestApp app)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.CoolingOffIndexPartition}");
        var keys = new List<string>();
        await foreach (var entity in app.Table.QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            keys.Add(entity.RowKey);
        }

        return keys;
    }
}
