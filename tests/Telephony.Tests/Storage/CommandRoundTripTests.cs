using Telephony.Tests.Support;

namespace Telephony.Tests.Storage;

/// <summary>
/// What one command costs in storage requests, counted by an Azure SDK pipeline policy: each thing it needs is read
/// once, and the change, its event and the event's outbox note are one entity-group transaction.
/// </summary>
public sealed class CommandRoundTripTests : CountedSeededSiteTests
{
    // The organization's row (the operator's too) is read once: the main-number rule and the answer's name and
    // allowedActions (activate needs a free voice service) all come from it.
    [Theory]
    [InlineData("""{"allocateTo":"operator"}""", 2)]
    [InlineData("""{"allocateTo":"occupier","occupierId":"acme"}""", 2)]
    public async Task An_allocation_reads_the_number_and_its_organization_once_and_writes_once(string body, int reads)
    {
        Operations.Start();
        var answer = await Http.AllocateAsync(Api.Site, Api.Number(1), body);
        var requests = Operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(reads, requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal)));
        Assert.Equal(1, requests.Count(r => r.Contains("$batch", StringComparison.Ordinal)));
        Assert.Equal(reads + 1, requests.Count);
    }

    [Fact]
    public async Task A_deallocation_reads_the_number_once_and_writes_once()
    {
        await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");

        Operations.Start();
        var answer = await Http.DeallocateAsync(Api.Site, Api.Number(1));
        var requests = Operations.Stop();

        Assert.Equal(200, answer.Status);
        Assert.Equal(["GET", "POST"], requests.Select(r => r.Split(' ')[0]));
    }
}
