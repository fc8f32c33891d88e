using Telephony.Domain.Events;
using Telephony.Tests.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Administration;

public sealed class RemoveNumberTests : SeededSiteTests
{
    private static readonly string Number = Api.Number(1);
    [Fact]
    public async Task A_removed_number_leaves_the_list_facets_and_export_but_keeps_its_history()
    {
        await Http.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""");
        await Http.DeallocateAsync(Api.Site, Number);

        var removed = await App.RemoveAsync(Number);

        Assert.Equal(204, removed.Status);
        Assert.Equal(404, (await Http.GetAsync(Api.Site, Number)).Status);
        var items = (await Http.ListAsync(Api.Site)).Json["items"]!.AsArray();
        Assert.DoesNotContain(items, i => i!["number"]!.GetValue<string>() == Number);
        Assert.Equal(4, items.Count);
        Assert.Equal(4, (await Http.FacetsAsync(Api.Site)).Json["total"]!.GetValue<int>());
        Assert.DoesNotContain(Number, (await Http.ExportAsync(Api.Site)).Body);
        var history = await App.HistoryAsync(Api.Site, Number);
        Assert.Equal(200, history.Status);
        Assert.Equal(
            ["removed", "deallocated", "allocated", "provisioned"],
            history.Json["items"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()["telephony.phone-number.".Length..^".v1".Length]));
        Assert.Equal(4, App.Events(Number).Count);
    }

    [Fact]
    public async Task Re_importing_a_removed_number_continues_its_sequence()
    {
        await App.RemoveAsync(Number);

        var import = await Http.ImportAsync(Api.Site, $"number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n{Number},4501,London,false,,false,");

        Assert.Equal(1, import.Json["created"]!.GetValue<int>());
        var number = await Http.GetAsync(Api.Site, Number);
        Assert.Equal("AVAILABLE", number.Json["status"]!.GetValue<string>());
        Assert.Equal("\"3\"", number.Headers.ETag.ToString());
        Assert.Equal(
            [(1L, PhoneNumberEventTypes.Provisioned), (2L, PhoneNumberEventTypes.Removed), (3L, PhoneNumberEventTypes.Provisioned)],
            App.Events(Number).Select(e => (e.GetInt64("Sequence")!.Value, e.GetString("Change"))));
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""")).Status);

        // Removed a second time, a re-import continues from the second removal.
        await Http.DeallocateAsync(Api.Site, Number);
        Assert.Equal(204, (await App.RemoveAsync(Number)).Status);
        await Http.ImportAsync(Api.Site, $"number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n{Number},4501,London,false,,false,");
        Assert.Equal("\"7\"", (await Http.GetAsync(Api.Site, Number)).Headers.ETag.ToString());
    }

    [Fact]
    public async Task Only_an_available_unlocked_number_is_removed()
    {
        await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""");
        await App.LockAsync(Api.Number(2), """{"reason":"RAN"}""");

        var allocated = await App.RemoveAsync(Api.Number(1));
        var locked = await App.RemoveAsync(Api.Number(2));

        Assert.Equal((409, "not-available"), (allocated.Status, allocated.ProblemCode));
        Assert.Equal((409, "number-locked"), (locked.Status, locked.ProblemCode));
        Assert.Equal(404, (await App.RemoveAsync("+442071239999")).Status);
        Assert.Equal(5, (await Http.FacetsAsync(Api.Site)).Json["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_removal_is_noted_in_the_outbox_like_every_change()
    {
        await App.RemoveAsync(Number);

        Assert.Contains(App.OutboxNotes(), n => n.PartitionKey == Api.Site && n.RowKey == $"out|{Number}|{2:D12}");
    }
}
