using System.Collections.Concurrent;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Tests.Support;

namespace Telephony.Tests.Reliability;

/// <summary>
/// Many commands on one organization at once: every activation takes a voice service from the same organization row,
/// so all but one lose each ETag race and retry with a jittered back-off.
/// </summary>
public sealed class OrganizationContentionTests : IAsyncLifetime
{
    private const int Parallel = 50;
    private const int VoiceServices = 20;

    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _api.SeedAsync(count: Parallel);
        Assert.Equal(200, (await _api.PutOccupierAsync(Api.Site, "acme", $$"""{"name":"Acme Ltd","voiceServices":{{VoiceServices}}}""")).Status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Fifty_parallel_allocations_and_activations_for_one_organization_use_its_voice_services_and_refuse_the_rest_with_no_voice_service()
    {
        var activation = _app.Get<ActivationCommands>();
        var scheduled = new ConcurrentBag<string>();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async i =>
        {
            await Task.Yield();
            var allocated = await _api.AllocateAsync(Api.Site, Api.Number(i), """{"allocateTo":"occupier","occupierId":"acme"}""");
            var started = await activation.StartAsync(new NumberRef(new SiteId(Api.Site), Api.Number(i)), OperationKind.Activation,
                (operation, _) =>
                {
                    scheduled.Add(operation.Number);
                    return Task.CompletedTask;
                },
                default);
            return (Allocated: allocated.Status, Activation: started.IsSuccess ? "started" : started.Error!.Code);
        }));

        Assert.All(outcomes, o => Assert.Equal(200, o.Allocated));
        Assert.DoesNotContain(outcomes, o => o.Activation == "concurrent-update");
        Assert.Equal(VoiceServices, outcomes.Count(o => o.Activation == "started"));
        Assert.Equal(Parallel - VoiceServices, outcomes.Count(o => o.Activation == "no-voice-service"));
        Assert.Equal(VoiceServices, scheduled.Count);
        var acme = await _app.Get<IOrganizationStore>().FindAsync(Api.Site, "acme", default);
        Assert.Equal(VoiceServices, acme!.VoiceServicesInUse);
        var pending = await _api.ListAsync(Api.Site, "?status=PENDING&pageSize=1000");
        Assert.Equal(scheduled.Order(), pending.Json["items"]!.AsArray().Select(n => n!["number"]!.GetValue<string>()));
    }
}
