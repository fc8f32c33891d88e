using Telephony.Domain;
using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.Sites;

namespace Telephony.Tests.Reliability;

/// <summary>The one optimistic-concurrency loop gives up after its bound instead of running while another writer wins.</summary>
public sealed class ConcurrencyBoundTests
{
    [Fact]
    public async Task An_attempt_that_always_loses_the_race_ends_with_concurrent_update_after_the_bound()
    {
        var attempts = 0;

        var result = await ConcurrencyBackOff.RunAsync<int>("+442071234567", () =>
        {
            attempts++;
            return Task.FromResult<Result<int>?>(null);
        }, CancellationToken.None);

        Assert.Equal("concurrent-update", result.Error?.Code);
        Assert.Contains("+442071234567", result.Error!.Detail);
        Assert.Equal(ConcurrencyBackOff.MaxAttempts, attempts);
    }

    [Fact]
    public async Task An_attempt_that_wins_after_losing_answers_with_its_value()
    {
        var attempts = 0;

        var result = await ConcurrencyBackOff.RunAsync<int>("x", () =>
            Task.FromResult<Result<int>?>(++attempts < 3 ? null : attempts), CancellationToken.None);

        Assert.Equal(3, result.Value);
    }

    [Fact]
    public async Task A_refusal_ends_the_loop_at_once()
    {
        var attempts = 0;

        var result = await ConcurrencyBackOff.RunAsync<int>("x", () =>
        {
            attempts++;
            return Task.FromResult<Result<int>?>(Errors.SiteNotFound("s"));
        }, CancellationToken.None);

        Assert.Equal(("site-not-found", 1), (result.Error?.Code, attempts));
    }

    [Fact]
    public async Task Saving_site_settings_against_a_store_that_always_loses_the_race_ends_with_concurrent_update()
    {
        var store = new AlwaysLosingStore();
        var settings = new SiteSettingsAdministration(store, new NoRegistry(), new TelephonyOptions());

        var result = await settings.PutAsync("site-1", new SiteSettingsRequest(30, null, null), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("concurrent-update", result.Error?.Code);
        Assert.Equal(ConcurrencyBackOff.MaxAttempts, store.Saves);
    }

    [Fact]
    public async Task Putting_an_occupier_against_a_store_that_always_loses_the_race_ends_with_concurrent_update()
    {
        var store = new AlwaysLosingStore();
        var occupiers = new OccupierAdministration(store, store);

        var result = await occupiers.PutAsync("site-1", "acme", new OccupierRequest("Acme Ltd", 2), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("concurrent-update", result.Error?.Code);
        Assert.Equal(ConcurrencyBackOff.MaxAttempts, store.Saves);
    }

    /// <summary>Every read succeeds and every version-checked write finds the row changed by someone else.</summary>
    private sealed class AlwaysLosingStore : ISiteStore, IOrganizationStore
    {
        public int Saves { get; private set; }

        public Task<Site?> FindAsync(string siteId, CancellationToken cancellationToken) => Task.FromResult<Site?>(new Site(siteId) { StoreVersion = "v1" });

        public Task<bool> TrySaveAsync(Site site, CancellationToken cancellationToken)
        {
            Saves++;
            return Task.FromResult(false);
        }

        public Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken) =>
            Task.FromResult<Organization?>(null);

        public Task<IReadOnlyList<Organization>> ListAsync(string siteId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Organization>>([]);

        public Task<bool> TrySaveAsync(Organization organization, CancellationToken cancellationToken)
        {
            Saves++;
            return Task.FromResult(false);
        }
    }

    private sealed class NoRegistry : ISiteRegistry
    {
        public Task RegisterAsync(string siteId, string? name, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CountNumbersAsync(string siteId, int change, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> RecountAsync(string siteId, Func<CancellationToken, Task<long>> count, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<RegisteredSitePage> ListAsync(int pageSize, string? after, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by settings.");

        public Task<IReadOnlyList<RegisteredSite>> FindAsync(IReadOnlyCollection<string> siteIds, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by settings.");
    }
}
