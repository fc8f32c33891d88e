using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Telephony.Domain.Common;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Infrastructure.Events;
using Telephony.Tests.Activation;
using Telephony.Tests.CoolingOff;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Events;

/// <summary>Who did it: every event names its actor in storage, in the history and on the wire.</summary>
public sealed class ActorTests : SeededSiteTests
{
    [Fact]
    public async Task A_change_made_through_the_gate_is_the_signed_in_callers()
    {
        var number = Api.Number(1);
        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/allocate", """{"allocateTo":"operator"}""",
            headers: Principals.As(Principals.OperatorOf(Api.Site)));

        var answer = await App.Get<SecurityGate>().CallAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request,
            Gate.Values(("siteId", Api.Site), ("number", number)),
            () => App.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, number, default));

        Assert.Equal(200, answer.Status);
        var stored = App.Events(number).Last();
        Assert.Equal(("user", "someone@example.com"), (stored.GetString("ActorType"), stored.GetString("ActorName")));
        var history = await App.HistoryAsync(Api.Site, number);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"user","name":"someone@example.com"}"""), history.Json["items"]![0]!["actor"]));
    }

    [Fact]
    public async Task A_release_from_cooling_off_is_the_schedules_change()
    {
        var number = Api.Number(2);
        await App.PutInServiceAsync(Http, Api.Site, number);
        await Http.DeallocateAsync(Api.Site, number);
        App.Clock.Advance(TimeSpan.FromDays(91));

        var run = await App.Get<CoolingOffRelease>().RunAsync(default);

        Assert.Equal(1, run.Released);
        var history = await App.HistoryAsync(Api.Site, number);
        Assert.Equal("telephony.phone-number.released.v1", history.Json["items"]![0]!["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"system","name":"cooling-off-release"}"""), history.Json["items"]![0]!["actor"]));
    }

    [Fact]
    public void The_cloud_event_carries_the_actor_as_extension_attributes()
    {
        var e = new PhoneNumberEvent("id-1", PhoneNumberEventTypes.Allocated, Api.Site, Api.Number(1), 2, TestApp.Start,
            PhoneNumberStatus.Available, PhoneNumberStatus.Reserved, "operator", null, Actor.User("alice@contoso.com"));

        var body = JsonNode.Parse(CloudEventMessage.Body(e).ToString())!;

        Assert.Equal("user", body["actortype"]!.GetValue<string>());
        Assert.Equal("alice@contoso.com", body["actorname"]!.GetValue<string>());
    }

    [Fact]
    public void An_actor_outside_any_scope_is_unknown_and_a_scope_ends_with_its_block()
    {
        Assert.Equal(Actor.Unknown, CurrentActor.Value);
        using (CurrentActor.Begin(Actor.User("alice")))
        {
            using (CurrentActor.Begin(Actor.System("inner")))
            {
                Assert.Equal(Actor.System("inner"), CurrentActor.Value);
            }

            Assert.Equal(Actor.User("alice"), CurrentActor.Value);
        }

        Assert.Equal(Actor.Unknown, CurrentActor.Value);
    }
}

/// <summary>An orchestration's closing event is the change of the user who started the operation.</summary>
public sealed class OperationActorTests : SeededActivationTests
{
    [Fact]
    public async Task The_activated_event_names_the_user_who_started_the_activation()
    {
        var number = Api.Number(1);
        HttpAnswer started;
        using (CurrentActor.Begin(Actor.User("alice@contoso.com")))
        {
            await Harness.Api.AllocateAsync(Api.Site, number, """{"allocateTo":"occupier","occupierId":"acme"}""");
            started = await Harness.ActivateAsync(Api.Site, number);
        }

        var instance = await Harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(started));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var history = await Harness.App.HistoryAsync(Api.Site, number);
        var items = history.Json["items"]!.AsArray();
        Assert.Equal(
            [("telephony.phone-number.activated.v1", "alice@contoso.com"), ("telephony.phone-number.activation-started.v1", "alice@contoso.com")],
            items.Take(2).Select(i => (i!["type"]!.GetValue<string>(), i["actor"]!["name"]!.GetValue<string>())).ToList());
    }
}
