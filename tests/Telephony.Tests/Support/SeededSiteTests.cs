namespace Telephony.Tests.Support;

/// <summary>
/// A test class with an app of its own on Azurite and the standard site seeded (<see cref="Api.SeedAsync"/>): five
/// AVAILABLE numbers and the occupier "acme".
/// </summary>
public abstract class SeededSiteTests : IAsyncLifetime
{
    protected TestApp App { get; private set; } = null!;

    /// <summary>The HTTP API, called through the function classes.</summary>
    protected Api Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        App = await StartAppAsync();
        Http = new Api(App);
        await Http.SeedAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    protected virtual Task<TestApp> StartAppAsync() => TestApp.StartAsync();
}

/// <summary>A seeded site whose Table Storage requests <see cref="Operations"/> records while it counts.</summary>
public abstract class CountedSeededSiteTests : SeededSiteTests
{
    protected StorageOperations Operations { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Http.GetAsync(Api.Site, Api.Number(0)); // the site's settings are now cached, as on a warm instance
    }

    protected override Task<TestApp> StartAppAsync() => CountedStorage.StartAppAsync(Operations);
}
