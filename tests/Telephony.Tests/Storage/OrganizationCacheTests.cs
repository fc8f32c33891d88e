using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Activation;
using Telephony.Domain.Common;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Idempotency;
using Telephony.Functions.Http;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Infrastructure.Tables;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Storage;

/// <summary>
/// The organizations' rows an allocation or an activation reads come from this process's recent copies
/// (infra/Tables/CachingOrganizationStore.cs). Every rule still holds, and within one process every answer is exact;
/// a second app on the same table plays another instance, whose changes this one sees once its copy expires.
/// </summary>
public sealed class OrganizationCacheTests : IAsyncLifetime
{
    private const string ToAcme = """{"allocateTo":"occupier","occupierId":"acme"}""";
    private const string MainA = "+442071234600";
    private const string MainB = "+442071234601";

    private readonly HeldReads _held = new();
    private TestApp _app = null!;
    private Api _api = null!;
    private TestApp _other = null!;
    private Api _otherApi = null!;

    public async Task InitializeAsync()
    {
        var azurite = await Azurite.InstanceAsync();
        var options = new TableClientOptions();
        options.AddPolicy(_held, HttpPipelinePosition.PerCall);
        _app = await TestApp.StartAsync(configure: services => services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options)));
        _api = new Api(_app);
        await _api.SeedAsync(count: 8, extraRows: $"{MainA},4600,Main lines,true,,false,\n{MainB},4601,Main lines,true,,false,");
        _other = await TestApp.StartAsync(new Dictionary<string, string?> { ["Telephony:TableName"] = _app.TableName });
        _otherApi = new Api(_other);
    }

    public async Task DisposeAsync()
    {
        await _other.Services.DisposeAsync(); // the table is the first app's: it deletes it
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_occupier_created_on_another_instance_just_after_a_refusal_is_allocatable_at_once()
    {
        const string toGlobex = """{"allocateTo":"occupier","occupierId":"globex"}""";
        Assert.Equal("occupier-not-found", (await _api.AllocateAsync(Api.Site, Api.Number(0), toGlobex)).ProblemCode);

        Assert.Equal(201, (await _otherApi.PutOccupierAsync(Api.Site, "globex", """{"name":"Globex"}""")).Status);
        var allocated = await _api.AllocateAsync(Api.Site, Api.Number(0), toGlobex);

        Assert.Equal(200, allocated.Status);
        Assert.Equal("Globex", allocated.Json["allocatedTo"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_occupier_renamed_then_allocated_to_is_shown_by_its_new_name()
    {
        Assert.Equal("Acme Ltd", (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Json["allocatedTo"]!["name"]!.GetValue<string>());

        Assert.Equal(200, (await _api.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Group"}""")).Status);
        var allocated = await _api.AllocateAsync(Api.Site, Api.Number(1), ToAcme);

        Assert.Equal("Acme Group", allocated.Json["allocatedTo"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_instances_rename_is_shown_once_the_cache_duration_has_passed()
    {
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Status);
        Assert.Equal(200, (await _otherApi.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Group"}""")).Status);

        var within = await _api.AllocateAsync(Api.Site, Api.Number(1), ToAcme);
        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        var after = await _api.AllocateAsync(Api.Site, Api.Number(2), ToAcme);

        Assert.Equal("Acme Ltd", within.Json["allocatedTo"]!["name"]!.GetValue<string>());
        Assert.Equal("Acme Group", after.Json["allocatedTo"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_main_number_allocated_over_a_copy_that_misses_another_instances_main_number_is_refused()
    {
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Status); // acme's copy: no main number
        Assert.Equal(200, (await _otherApi.AllocateAsync(Api.Site, MainA, ToAcme)).Status);

        var refused = await _api.AllocateAsync(Api.Site, MainB, ToAcme);

        Assert.Equal(409, refused.Status);
        Assert.Equal("main-number-already-held", refused.ProblemCode);
        Assert.Equal("AVAILABLE", (await _api.GetAsync(Api.Site, MainB)).Json["status"]!.GetValue<string>());
        Assert.Equal(MainA, (await StoredAcmeAsync()).MainNumber);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_main_number_allocated_over_a_copy_still_holding_a_main_number_another_instance_released_succeeds(bool ifMatch)
    {
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, MainA, ToAcme)).Status); // acme's copy: MainA held
        Assert.Equal(200, (await _otherApi.DeallocateAsync(Api.Site, MainA)).Status);

        var version = (await _api.GetAsync(Api.Site, MainB)).Headers.ETag.ToString();
        var allocated = await _api.AllocateAsync(Api.Site, MainB, ToAcme, ifMatch ? new Dictionary<string, string> { ["If-Match"] = version } : null);

        Assert.Equal(200, allocated.Status);
        Assert.Equal(MainB, (await StoredAcmeAsync()).MainNumber);
    }

    [Fact]
    public async Task A_main_number_allocated_with_If_Match_over_a_copy_behind_another_instances_change_commits_not_412()
    {
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Status);
        Assert.Equal(200, (await _otherApi.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Group"}""")).Status);

        // The copy's version is behind: the commit fails on the organization's row, not on the number the caller pinned.
        var version = (await _api.GetAsync(Api.Site, MainB)).Headers.ETag.ToString();
        var allocated = await _api.AllocateAsync(Api.Site, MainB, ToAcme, new Dictionary<string, string> { ["If-Match"] = version });

        Assert.Equal(200, allocated.Status);
        Assert.Equal("Acme Group", allocated.Json["allocatedTo"]!["name"]!.GetValue<string>());
        Assert.Equal(MainB, (await StoredAcmeAsync()).MainNumber);
    }

    [Fact]
    public async Task A_main_number_allocated_with_an_Idempotency_Key_over_a_stale_copy_commits_once_and_replays()
    {
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Status);
        Assert.Equal(200, (await _otherApi.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Group"}""")).Status);

        // The first commit fails on the organization's version (not on the key): the retry reads it and commits.
        var first = await KeyedAllocateAsync(MainB, "key-main");
        var repeat = await KeyedAllocateAsync(MainB, "key-main");

        Assert.Equal(200, first.Status);
        Assert.Equal("\"2\"", first.Headers.ETag.ToString());
        Assert.Equal((200, first.Body), (repeat.Status, repeat.Body));
        Assert.Equal(MainB, (await StoredAcmeAsync()).MainNumber);
        Assert.Equal("\"2\"", (await _api.GetAsync(Api.Site, MainB)).Headers.ETag.ToString());
    }

    [Fact]
    public async Task A_main_number_allocated_with_If_Match_over_a_stale_copy_is_refused_by_the_rule_not_with_412()
    {
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Status);
        Assert.Equal(200, (await _otherApi.AllocateAsync(Api.Site, MainA, ToAcme)).Status);

        var version = (await _api.GetAsync(Api.Site, MainB)).Headers.ETag.ToString();
        var refused = await _api.AllocateAsync(Api.Site, MainB, ToAcme, new Dictionary<string, string> { ["If-Match"] = version });

        Assert.Equal((409, "main-number-already-held"), (refused.Status, refused.ProblemCode));
        var unchanged = await _api.GetAsync(Api.Site, MainB);
        Assert.Equal(("AVAILABLE", version), (unchanged.Json["status"]!.GetValue<string>(), unchanged.Headers.ETag.ToString()));
        Assert.Equal(MainA, (await StoredAcmeAsync()).MainNumber);
    }

    [Fact]
    public async Task Concurrent_allocations_to_one_organization_all_commit_and_only_one_of_two_main_numbers_is_held()
    {
        var ordinary = Enumerable.Range(0, 8).Select(i => Api.Number(i)).ToList();
        var answers = await Task.WhenAll(ordinary.Concat([MainA, MainB]).Select(async number =>
        {
            await Task.Yield();
            return (Number: number, Answer: await _api.AllocateAsync(Api.Site, number, ToAcme));
        }));

        Assert.All(answers.Where(a => ordinary.Contains(a.Number)), a => Assert.Equal(200, a.Answer.Status));
        var mains = answers.Where(a => !ordinary.Contains(a.Number)).ToList();
        var won = Assert.Single(mains, a => a.Answer.Status == 200);
        Assert.Equal("main-number-already-held", Assert.Single(mains, a => a.Answer.Status != 200).Answer.ProblemCode);
        var stored = await StoredAcmeAsync();
        Assert.Equal(won.Number, stored.MainNumber);
        var recent = (await _app.Get<IOrganizationStore>().FindRecentAsync(Api.Site, "acme", default))!;
        Assert.Equal((stored.MainNumber, stored.StoreVersion), (recent.MainNumber, recent.StoreVersion));
    }

    [Fact]
    public async Task Activate_is_offered_exactly_while_a_voice_service_is_free_as_activations_take_and_give_them_back()
    {
        Assert.Equal(200, (await _api.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Ltd","voiceServices":1}""")).Status);
        var activation = _app.Get<ActivationCommands>();

        Assert.Equal("""["deallocate","activate"]""", await AllocateToAcmeAsync(0));
        var activating = await StartAsync(activation, 0, OperationKind.Activation);
        Assert.True(await activation.CompleteAsync(activating, null, default));
        Assert.Equal("""["deallocate"]""", await AllocateToAcmeAsync(1));

        // A deactivation gives the service back.
        var deactivating = await StartAsync(activation, 0, OperationKind.Deactivation);
        Assert.True(await activation.CompleteAsync(deactivating, null, default));
        Assert.Equal("""["deallocate","activate"]""", await AllocateToAcmeAsync(2));
        Assert.Equal("""["deallocate","activate"]""", (await _api.GetAsync(Api.Site, Api.Number(1))).Json["allowedActions"]!.ToJsonString());

        // So does a failed activation.
        var failing = await StartAsync(activation, 2, OperationKind.Activation);
        Assert.Equal("""["deallocate"]""", await AllocateToAcmeAsync(3));
        Assert.True(await activation.FailAsync(failing, "The platform refused.", default));
        Assert.Equal("""["deallocate","activate"]""", await AllocateToAcmeAsync(4));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_activation_over_a_copy_that_misses_another_instances_activation_of_the_last_voice_service_is_refused_and_writes_nothing(bool ifMatch)
    {
        Assert.Equal(200, (await _api.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Ltd","voiceServices":1}""")).Status);
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Status);
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(1), ToAcme)).Status);
        await StartAsync(_other.Get<ActivationCommands>(), 0, OperationKind.Activation); // takes the last one
        Assert.True((await _app.Get<IOrganizationStore>().FindRecentAsync(Api.Site, "acme", default))!.HasFreeVoiceService); // the stale copy
        var before = (await _app.Get<IPhoneNumberStore>().FindAsync(Api.Site, Api.Number(1), default))!;

        var refused = await TryStartAsync(_app, 1, OperationKind.Activation, ifMatch ? before.Sequence : null);

        Assert.Equal(("no-voice-service", 409), (refused.Error?.Code, refused.Error is { } error ? Problems.StatusFor(error.Kind) : 200));
        var after = (await _app.Get<IPhoneNumberStore>().FindAsync(Api.Site, Api.Number(1), default))!;
        Assert.Equal((PhoneNumberStatus.Reserved, before.Sequence, before.StoreVersion), (after.Status, after.Sequence, after.StoreVersion));
        Assert.Equal(1, (await StoredAcmeAsync()).VoiceServicesInUse);
    }

    [Fact]
    public async Task An_activation_over_a_copy_with_no_voice_service_free_succeeds_when_another_instance_added_one()
    {
        Assert.Equal(200, (await _api.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Ltd","voiceServices":1}""")).Status);
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(0), ToAcme)).Status);
        Assert.Equal(200, (await _api.AllocateAsync(Api.Site, Api.Number(1), ToAcme)).Status);
        await StartAsync(_app.Get<ActivationCommands>(), 0, OperationKind.Activation); // this instance's copy: none free
        Assert.Equal(200, (await _otherApi.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Ltd","voiceServices":2}""")).Status);
        Assert.False((await _app.Get<IOrganizationStore>().FindRecentAsync(Api.Site, "acme", default))!.HasFreeVoiceService);

        var started = await TryStartAsync(_app, 1, OperationKind.Activation);

        Assert.True(started.IsSuccess, started.Error?.Code);
        Assert.Equal(PhoneNumberStatus.Pending, started.Value.Details.Number.Status);
        var stored = await StoredAcmeAsync();
        Assert.Equal((2, 2), (stored.VoiceServices, stored.VoiceServicesInUse));
    }

    [Fact]
    public async Task Concurrent_activations_on_two_instances_over_stale_copies_never_take_more_than_the_entitlement()
    {
        // acme has 2 voice services; each instance allocates four numbers (its copy warmed), then another change makes both copies stale.
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(200, (await (i < 4 ? _api : _otherApi).AllocateAsync(Api.Site, Api.Number(i), ToAcme)).Status);
        }

        var renamed = (await _app.Get<TableOrganizationStore>().FindAsync(Api.Site, "acme", default))!;
        renamed.Rename("Acme Group");
        Assert.True(await _app.Get<TableOrganizationStore>().TrySaveAsync(renamed, default));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await Task.Yield();
            var started = await TryStartAsync(i % 2 == 0 ? _app : _other, i, OperationKind.Activation);
            return started.IsSuccess ? "started" : started.Error!.Code;
        }));

        Assert.Equal(2, outcomes.Count(o => o == "started"));
        Assert.Equal(6, outcomes.Count(o => o == "no-voice-service"));
        Assert.Equal(2, (await StoredAcmeAsync()).VoiceServicesInUse);
        Assert.Equal(2, (await _api.ListAsync(Api.Site, "?status=PENDING")).Json["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_found_organization_is_a_copy_a_caller_may_change_without_changing_what_others_find()
    {
        var organizations = _app.Get<IOrganizationStore>();
        var found = (await organizations.FindRecentAsync(Api.Site, "acme", default))!;

        Assert.True(found.TakeVoiceService().IsSuccess);
        found.Rename("Changed, never saved");

        var again = (await organizations.FindRecentAsync(Api.Site, "acme", default))!;
        Assert.Equal((0, "Acme Ltd"), (again.VoiceServicesInUse, again.Name));
    }

    [Fact]
    public async Task A_read_that_raced_a_write_does_not_put_the_older_row_back()
    {
        var organizations = _app.Get<IOrganizationStore>();
        _held.HoldNext("org|acme");
        var racingRead = organizations.FindAsync(Api.Site, "acme", default);
        await _held.Answered; // it has read "Acme Ltd" and not yet kept it

        var current = (await _app.Get<TableOrganizationStore>().FindAsync(Api.Site, "acme", default))!;
        current.Rename("Acme Group");
        Assert.True(await organizations.TrySaveAsync(current, default));
        _held.Release();
        Assert.Equal("Acme Ltd", (await racingRead)!.Name);

        Assert.Equal("Acme Group", (await organizations.FindRecentAsync(Api.Site, "acme", default))!.Name);
    }

    [Fact]
    public async Task A_failed_commit_drops_the_copy_and_the_next_read_goes_to_storage()
    {
        var organizations = _app.Get<IOrganizationStore>();
        var stale = (await organizations.FindRecentAsync(Api.Site, "acme", default))!;
        var elsewhere = (await _app.Get<TableOrganizationStore>().FindAsync(Api.Site, "acme", default))!;
        elsewhere.Rename("Acme Group");
        Assert.True(await _app.Get<TableOrganizationStore>().TrySaveAsync(elsewhere, default));

        stale.Rename("Acme Holdings");
        Assert.False(await organizations.TrySaveAsync(stale, default));

        Assert.Equal("Acme Group", (await organizations.FindRecentAsync(Api.Site, "acme", default))!.Name);
    }

    private async Task<HttpAnswer> KeyedAllocateAsync(string number, string key)
    {
        var headers = new Dictionary<string, string>
        {
            [TelephonyClaims.PrincipalHeader] = Principals.OperatorOf(Api.Site),
            [IdempotentCommands.Header] = key,
        };
        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/allocate", ToAcme, headers: headers);
        return await _app.Get<SecurityGate>().CallAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request,
            Gate.Values(("siteId", Api.Site), ("number", number)),
            () => _app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, number, default));
    }

    private async Task<string> AllocateToAcmeAsync(int i)
    {
        var answer = await _api.AllocateAsync(Api.Site, Api.Number(i), ToAcme);
        Assert.Equal(200, answer.Status);
        return answer.Json["allowedActions"]!.ToJsonString();
    }

    private static async Task<OperationInput> StartAsync(ActivationCommands activation, int i, OperationKind kind)
    {
        var started = await activation.StartAsync(new NumberRef(new SiteId(Api.Site), Api.Number(i)), kind, (_, _) => Task.CompletedTask, default);
        Assert.True(started.IsSuccess, started.Error?.Code);
        return started.Value.Operation;
    }

    private static Task<Result<StartedOperation>> TryStartAsync(TestApp app, int i, OperationKind kind, long? expectedSequence = null) =>
        app.Get<ActivationCommands>().StartAsync(
            new NumberRef(new SiteId(Api.Site), Api.Number(i), expectedSequence), kind, (_, _) => Task.CompletedTask, default);

    private async Task<Organization> StoredAcmeAsync() =>
        (await _app.Get<TableOrganizationStore>().FindAsync(Api.Site, "acme", default))!;

    /// <summary>Holds the answer of the next read of one row until released, so a write can run in between.</summary>
    private sealed class HeldReads : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? _rowKey;

        public Task Answered => _answered.Task;

        public void HoldNext(string rowKey) => _rowKey = rowKey;

        public void Release() => _released.SetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The app's storage calls are asynchronous.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            var rowKey = _rowKey;
            if (rowKey is not null && message.Request.Method == RequestMethod.Get &&
                Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains($"RowKey='{rowKey}'", StringComparison.Ordinal) &&
                Interlocked.CompareExchange(ref _rowKey, null, rowKey) == rowKey)
            {
                _answered.SetResult();
                await _released.Task;
            }
        }
    }
}
