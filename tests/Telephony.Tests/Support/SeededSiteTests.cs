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
        App = await TestApp.StartAsync();
        Http = new Api(App);
        await Http.SeedAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
