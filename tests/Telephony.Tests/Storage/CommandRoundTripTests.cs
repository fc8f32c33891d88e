using Telephony.Tests.Support;

namespace Telephony.Tests.Storage;

/// <summary>
/// What one command costs in storage requests, counted by an Azure SDK pipeline policy: each thing it needs is read
/// once, and the change is one outbox note plus one entity-group transaction.
/// </summary>
public sealed class CommandRoundTripTests : IAsyncLifetime
{
    private readonly StorageOperations _operations = new();
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await CountedStorage.StartAppAsync(_operations);
        _api = new Api(_app);
        await _api.SeedAsync();
        await _api.GetAsync(Api.Site, Api.Number(0)); // the site's settings are now cached, as on a warm instance
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("""{"allocateTo":"operator"}""", 1)]
    [InlineData("""{"allocateTo":"occupier","occupierId":"acme"}""", 2)]
    public async Task An_allocation_reads_the_number_and_its_occupier_once_and_writes_once(string body, int reads)
    {
        _operations.Start();
        var answer = await _api.AllocateAsync(Api.Site, Api.Number(1), body);
        var requests = _operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(reads, requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal)));
        Assert.Equal(2, requests.Count(r => r.Contains("$batch", StringComparison.Ordinal)));
        Assert.Equal(reads + 2, requests.Count);
    }

    [Fact]
    public async Task A_deallocation_reads_the_number_once_and_writes_once()
    {
        await _api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");

        _operations.Start();
        var answer = await _api.DeallocateAsync(Api.Site, Api.Number(1));
        var requests = _operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(["GET", "POST", "POST"], requests.Select(r => r.Split(' ')[0]));
    }
}
