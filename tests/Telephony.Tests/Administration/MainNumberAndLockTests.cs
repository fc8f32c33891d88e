using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;
using Telephony.Tests.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Administration;

public sealed class MainNumberAndLockTests : SeededSiteTests
{
    private static readonly string Number = Api.Number(1);
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Equal(201, (await Http.PutOccupierAsync(Api.Site, "globex", """{"name":"Globex","voiceServices":1}""")).Status);
    }

    [Fact]
    public async Task Nominating_a_number_makes_it_a_main_number_and_records_the_event()
    {
        var answer = await App.NominateMainNumberAsync(Number);

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Json["isMainNumber"]!.GetValue<bool>());
        Assert.Equal("\"2\"", answer.Headers.ETag.ToString());
        Assert.Equal(PhoneNumberEventTypes.MainNumberNominated, (await App.ChangesAsync(Number))[^1]);
        Assert.Equal("already-main-number", (await App.NominateMainNumberAsync(Number)).ProblemCode);
    }

    [Fact]
    public async Task Withdrawal_is_refused_while_the_main_number_is_allocated_and_allowed_once_it_is_released()
    {
        await App.NominateMainNumberAsync(Number);
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);

        var refused = await App.WithdrawMainNumberAsync(Number);

        Assert.Equal(409, refused.Status);
        Assert.Equal("main-number-in-use", refused.ProblemCode);
        Assert.Equal(200, (await Http.DeallocateAsync(Api.Site, Number)).Status);
        var withdrawn = await App.WithdrawMainNumberAsync(Number);
        Assert.Equal(200, withdrawn.Status);
        Assert.False(withdrawn.Json["isMainNumber"]!.GetValue<bool>());
        Assert.Equal(PhoneNumberEventTypes.MainNumberWithdrawn, (await App.ChangesAsync(Number))[^1]);
        Assert.Equal("not-main-number", (await App.WithdrawMainNumberAsync(Number)).ProblemCode);
    }

    [Fact]
    public async Task An_organization_holds_at_most_one_main_number()
    {
        await App.NominateMainNumberAsync(Api.Number(1));
        await App.NominateMainNumberAsync(Api.Number(2));
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""")).Status);

        var second = await Http.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"occupier","occupierId":"acme"}""");

        Assert.Equal(409, second.Status);
        Assert.Equal("main-number-already-held", second.ProblemCode);
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"occupier","occupierId":"globex"}""")).Status);
    }

    [Fact]
    public async Task Only_an_unallocated_number_is_nominated()
    {
        await Http.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""");

        Assert.Equal("number-allocated", (await App.NominateMainNumberAsync(Number)).ProblemCode);
    }

    [Fact]
    public void A_main_number_is_never_assigned_to_a_user()
    {
        var now = TestApp.Start;
        var number = PhoneNumber.Provision(Api.Site, Number, "4501", null, isMainNumber: true, null, false, null, now);
        Assert.True(number.Allocate(Allocation.Occupier("acme"), now).IsSuccess);
        Assert.True(number.StartActivation("op-1", now).IsSuccess);
        Assert.True(number.CompleteOperation("op-1", now));

        var assigned = number.Assign(new Assignment("jo", "Jo"), now);

        Assert.Equal("main-number-not-assignable", assigned.Error?.Code);
        Assert.DoesNotContain(AllowedAction.Assign, number.AllowedActions(now, null));
    }

    [Fact]
    public async Task A_locked_number_cannot_be_allocated_offers_no_actions_and_shows_its_reason_in_the_list()
    {
        var locked = await App.LockAsync(Number, """{"reason":"Remote-access voicemail number"}""");

        Assert.Equal(200, locked.Status);
        Assert.Equal("[]", locked.Json["allowedActions"]!.ToJsonString());
        var allocate = await Http.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""");
        Assert.Equal(409, allocate.Status);
        Assert.Equal("number-locked", allocate.ProblemCode);
        var listed = (await Http.ListAsync(Api.Site, "?search=4501")).Json["items"]![0]!;
        Assert.True(listed["locked"]!.GetValue<bool>());
        Assert.Equal("Remote-access voicemail number", listed["lockReason"]!.GetValue<string>());
        Assert.Equal("[]", listed["allowedActions"]!.ToJsonString());
        Assert.Equal(PhoneNumberEventTypes.Locked, (await App.ChangesAsync(Number))[^1]);
    }

    [Fact]
    public async Task Unlocking_restores_the_numbers_actions()
    {
        await App.LockAsync(Number, """{"reason":"RAN"}""");

        var unlocked = await App.UnlockAsync(Number);

        Assert.Equal(200, unlocked.Status);
        Assert.False(unlocked.Json["locked"]!.GetValue<bool>());
        Assert.Null(unlocked.Json["lockReason"]);
        Assert.Equal("""["allocate"]""", unlocked.Json["allowedActions"]!.ToJsonString());
        Assert.Equal(200, (await Http.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""")).Status);
        Assert.Equal(PhoneNumberEventTypes.Unlocked, (await App.ChangesAsync(Number))[^2]);
        Assert.Equal("not-locked", (await App.UnlockAsync(Api.Number(2))).ProblemCode);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"reason":"   "}""")]
    [InlineData("""{"reason":"x","extra":1}""")]
    public async Task A_lock_needs_a_reason(string json)
    {
        var answer = await App.LockAsync(Number, json);

        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid-request", answer.ProblemCode);
    }

    [Fact]
    public async Task A_lock_reason_is_at_most_200_characters()
    {
        Assert.Equal(400, (await App.LockAsync(Number, $$"""{"reason":"{{new string('x', 201)}}"}""")).Status);
        Assert.Equal(200, (await App.LockAsync(Number, $$"""{"reason":"{{new string('x', 200)}}"}""")).Status);
    }

    [Fact]
    public void A_lock_is_refused_while_an_update_is_in_progress()
    {
        var now = TestApp.Start;
        var number = PhoneNumber.Provision(Api.Site, Number, "4501", null, false, null, false, null, now);
        number.Allocate(Allocation.Operator, now);
        number.StartActivation("op-1", now);

        Assert.Equal("update-in-progress", number.Lock("RAN", now).Error?.Code);
    }
}
