using Telephony.Domain.Sites;
using Telephony.Infrastructure.Tables;
using Telephony.Tests.Support;

namespace Telephony.Tests.Storage;

public sealed class SiteCacheTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_site_created_after_a_miss_is_found_at_once()
    {
        var sites = _app.Get<ISiteStore>();
        Assert.Null(await sites.FindAsync("paris", default));

        Assert.True(await _app.Get<TableSiteStore>().TrySaveAsync(new Site("paris"), default));

        Assert.NotNull(await sites.FindAsync("paris", default));
    }

    [Fact]
    public async Task Another_instances_change_is_seen_once_the_cache_duration_has_passed()
    {
        var sites = _app.Get<ISiteStore>();
        Assert.True(await sites.TrySaveAsync(new Site("rome") { CoolingOffDays = 30 }, default));
        var elsewhere = (await _app.Get<TableSiteStore>().FindAsync("rome", default))!;
        elsewhere.CoolingOffDays = 7;
        Assert.True(await _app.Get<TableSiteStore>().TrySaveAsync(elsewhere, default));

        Assert.Equal(30, (await sites.FindAsync("rome", default))!.CoolingOffDays);
        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(7, (await sites.FindAsync("rome", default))!.CoolingOffDays);
    }

    [Fact]
    public async Task A_save_over_a_stale_cached_version_fails_and_the_retry_reads_the_current_one()
    {
        var sites = _app.Get<ISiteStore>();
        Assert.True(await sites.TrySaveAsync(new Site("oslo"), default));
        var stale = (await sites.FindAsync("oslo", default))!;
        var elsewhere = (await _app.Get<TableSiteStore>().FindAsync("oslo", default))!;
        elsewhere.AutoNominateMainNumber = true;
        Assert.True(await _app.Get<TableSiteStore>().TrySaveAsync(elsewhere, default));

        stale.CoolingOffDays = 5;
        Assert.False(await sites.TrySaveAsync(stale, default));

        var current = (await sites.FindAsync("oslo", default))!;
        Assert.True(current.AutoNominateMainNumber);
        current.CoolingOffDays = 5;
        Assert.True(await sites.TrySaveAsync(current, default));
    }

    [Fact]
    public async Task Changing_a_found_site_does_not_change_what_others_find()
    {
        var sites = _app.Get<ISiteStore>();
        Assert.True(await sites.TrySaveAsync(new Site("lima") { CoolingOffDays = 10 }, default));

        (await sites.FindAsync("lima", default))!.CoolingOffDays = 99;

        Assert.Equal(10, (await sites.FindAsync("lima", default))!.CoolingOffDays);
    }
}
