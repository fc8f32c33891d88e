using Telephony.Domain.Events;
using Telephony.Tests.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Administration;

public sealed class RemoveNumberTests : IAsyncLifetime
{
    private static readonly string Number = Api.Number(1);
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _api.SeedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_removed_number_leaves_the_list_facets_and_export_but_keeps_its_history()
    {
        await _api.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""");
        await _api.DeallocateAsync(Api.Site, Number);

        var removed = await _app.RemoveAsync(Number);

        Assert.Equal(204, removed.Status);
        Assert.Equal(404, (await _api.GetAsync(Api.Site, Number)).Status);
        var items = (await _api.ListAsync(Api.Site)).Json["items"]!.AsArray();
        Assert.DoesNotContain(items, i => i!["number"]!.GetValue<string>() == Number);
        Assert.Equal(4, items.Count);
        Assert.Equal(4, (await _api.FacetsAsync(Api.Site)).Json["total"]!.GetValue<int>());
        Assert.DoesNotContain(Number, (await _api.ExportAsync(Api.Site)).Body);
        var history = await _app.HistoryAsync(Api.Site, Number);
        Assert.Equal(200, history.Status);
        Assert.Equal(
            ["removed", "deallocated", "allocated", "provisioned"],
            history.Json["items"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()["telephony.phone-number.".Length..^".v1".Length]));
        Assert.Equal(4, _app.EventRecords(Number).Count);
    }

    [Fact]
    public async Task Re_importing_a_removed_number_continues_its_sequence()
    {
        await _app.RemoveAsync(Number);

        var import = await _api.ImportAsync(Api.Site, $"number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n{Number},4501,London,false,,false,");

        Assert.Equal(1, import.Json["created"]!.GetValue<int>());
        var number = await _api.GetAsync(Api.Site, Number);
        Assert.Equal("AVAILABLE", number.Json["status"]!.GetValue<string>());
        Assert.Equal("\"3\"", number.Headers.ETag.ToString());
        Assert.Equal(
            [(1L, PhoneNumberEventTypes.Provisioned), (2L, PhoneNumberEventTypes.Removed), (3L, PhoneNumberEventTypes.Provisioned)],
            _app.EventRecords(Number).Select(e => (e.GetInt64("Sequence")!.Value, e.GetString("Change"))));
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""")).Status);

        // Removed a second time, a re-import continues from the second removal.
        await _api.DeallocateAsync(Api.Site, Number);
        Assert.Equal(204, (await _app.RemoveAsync(Number)).Status);
        await _api.ImportAsync(Api.Site, $"number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n{Number},4501,London,false,,false,");
        Assert.Equal("\"7\"", (await _api.GetAsync(Api.Site, Number)).Headers.ETag.ToString());
    }

    [Fact]
    public async Task Only_an_available_unlocked_number_is_removed()
    {
        await _api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""");
        await _app.LockAsync(Api.Number(2), """{"reason":"RAN"}""");

        var allocated = await _app.RemoveAsync(Api.Number(1));
        var locked = await _app.RemoveAsync(Api.Number(2));

        Assert.Equal((409, "not-available"), (allocated.Status, allocated.ProblemCode));
        Assert.Equal((409, "number-locked"), (locked.Status, locked.ProblemCode));
        Assert.Equal(404, (await _app.RemoveAsync("+442071239999")).Status);
        Assert.Equal(5, (await _api.FacetsAsync(Api.Site)).Json["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_removal_is_noted_in_the_outbox_like_every_change()
    {
        await _app.RemoveAsync(Number);

        Assert.Contains(_app.OutboxNotes(), n => n.RowKey == $"{Api.Site}|{Number}|{2:D12}");
    }
}
