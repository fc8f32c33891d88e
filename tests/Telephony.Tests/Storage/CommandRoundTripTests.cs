using Telephony.Tests.Support;

namespace Telephony.Tests.Storage;

/// <summary>
/// What one command costs in storage requests, counted by an Azure SDK pipeline policy: each thing it needs is read
/// once, and the change is one outbox note plus one entity-group transaction.
/// </summary>
public sealed class CommandRoundTripTests : CountedSeededSiteTests
{
    [Theory]
    [InlineData("""{"allocateTo":"operator"}""", 1)]
    [InlineData("""{"allocateTo":"occupier","occupierId":"acme"}""", 2)]
    public async Task An_allocation_reads_the_number_and_its_occupier_once_and_writes_once(string body, int reads)
    {
        Operations.Start();
        var answer = await Http.AllocateAsync(Api.Site, Api.Number(1), body);
        var requests = Operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(reads, requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal)));
        Assert.Equal(2, requests.Count(r => r.Contains("$batch", StringComparison.Ordinal)));
        Assert.Equal(reads + 2, requests.Count);
    }

    [Fact]
    public async Task A_deallocation_reads_the_number_once_and_writes_once()
    {
        await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");

        Operations.Start();
        var answer = await Http.DeallocateAsync(Api.Site, Api.Number(1));
        var requests = Operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(["GET", "POST", "POST"], requests.Select(r => r.Split(' ')[0]));
    }
}
