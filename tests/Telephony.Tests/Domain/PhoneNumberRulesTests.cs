using Telephony.Domain.Events;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Tests.Domain;

public sealed class PhoneNumberRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Allocation Acme = Allocation.Occupier("acme");
    private static readonly Organization AcmeWithFreeVoiceService = Organization.Restore("site", "acme", "Acme Ltd", 2, false, null, 1, null);

    private static PhoneNumber Available(bool main = false, bool locked = false, DateTimeOffset? coolingOffUntil = null) =>
        PhoneNumber.Provision("site", "+442071234567", "4567", "London", main, coolingOffUntil, locked, locked ? "RAN" : null, Now);

    private static PhoneNumber Reserved(bool main = false)
    {
        var number = Available(main);
        Assert.True(number.Allocate(Acme, Now).IsSuccess);
        return number;
    }

    private static PhoneNumber Active(bool main = false)
    {
        var number = Reserved(main);
        Assert.True(number.StartActivation("op-1", Now).IsSuccess);
        Assert.True(number.CompleteOperation("op-1", Now));
        return number;
    }

    [Fact]
    public void A_provisioned_number_is_available_and_offers_only_allocate()
    {
        var number = Available();

        Assert.Equal(PhoneNumberStatus.Available, number.Status);
        Assert.Equal([AllowedAction.Allocate], number.AllowedActions(Now, AcmeWithFreeVoiceService));
        Assert.Equal(PhoneNumberEventTypes.Provisioned, Assert.Single(number.NewEvents).Change);
    }

    [Fact]
    public void Allocating_an_available_number_reserves_it_for_the_organization_and_records_one_event()
    {
        var number = Available();

        var result = number.Allocate(Acme, Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(PhoneNumberStatus.Reserved, number.Status);
        Assert.Equal(Acme, number.Allocation);
        Assert.Equal([AllowedAction.Deallocate, AllowedAction.Activate], number.AllowedActions(Now, AcmeWithFreeVoiceService));
        var allocated = number.NewEvents[^1];
        Assert.Equal((PhoneNumberEventTypes.Allocated, PhoneNumberStatus.Available, PhoneNumberStatus.Reserved, "acme", 2L),
            (allocated.Change, allocated.PreviousStatus, allocated.Status, allocated.OrganizationId, allocated.Sequence));
    }

    [Fact]
    public void A_reserved_number_offers_activate_only_while_its_organization_has_a_free_voice_service()
    {
        var number = Reserved();
        var allInUse = Organization.Restore("site", "acme", "Acme Ltd", 2, false, null, 2, null);
        var anotherOrganization = Organization.Restore("site", "globex", "Globex", 2, false, null, 0, null);

        Assert.Equal([AllowedAction.Deallocate], number.AllowedActions(Now, allInUse));
        Assert.Equal([AllowedAction.Deallocate], number.AllowedActions(Now, null));
        Assert.Equal([AllowedAction.Deallocate], number.AllowedActions(Now, anotherOrganization));
        Assert.Equal([AllowedAction.Deallocate, AllowedAction.Activate], number.AllowedActions(Now, AcmeWithFreeVoiceService));
    }

    [Fact]
    public void Allocate_is_refused_while_cooling_off_is_in_force()
    {
        var number = Available(coolingOffUntil: Now.AddDays(1));

        var result = number.Allocate(Acme, Now);

        Assert.Equal("cooling-off-in-force", result.Error?.Code);
        Assert.Equal(PhoneNumberStatus.Cooldown, number.Status);
        Assert.Empty(number.AllowedActions(Now, AcmeWithFreeVoiceService));
    }

    [Fact]
    public void A_cooldown_number_whose_date_has_passed_may_be_allocated_before_it_is_released()
    {
        var number = Available(coolingOffUntil: Now.AddDays(1));
        var later = Now.AddDays(1).AddSeconds(1);

        Assert.Equal([AllowedAction.Allocate], number.AllowedActions(later, AcmeWithFreeVoiceService));
        Assert.True(number.Allocate(Acme, later).IsSuccess);
        Assert.Null(number.CoolingOffUntil);
        Assert.Equal(PhoneNumberStatus.Reserved, number.Status);
    }

    [Fact]
    public void A_locked_number_cannot_be_allocated_and_offers_no_actions()
    {
        var number = Available(locked: true);

        Assert.Equal("number-locked", number.Allocate(Acme, Now).Error?.Code);
        Assert.Empty(number.AllowedActions(Now, AcmeWithFreeVoiceService));
        Assert.Equal(PhoneNumberStatus.Available, number.Status);
    }

    [Fact]
    public void A_reserved_number_cannot_be_allocated_again()
    {
        var number = Reserved();

        Assert.Equal("not-available", number.Allocate(Allocation.Operator, Now).Error?.Code);
        Assert.Equal(Acme, number.Allocation);
    }

    [Fact]
    public void Every_edit_is_refused_while_an_update_is_in_progress()
    {
        var number = Reserved();
        Assert.True(number.StartActivation("op-1", Now).IsSuccess);
        var events = number.NewEvents.Count;

        Assert.Equal("update-in-progress", number.Allocate(Acme, Now).Error?.Code);
        Assert.Equal("update-in-progress", number.Deallocate(TimeSpan.FromDays(90), Now).Error?.Code);
        Assert.Equal("update-in-progress", number.StartActivation("op-2", Now).Error?.Code);
        Assert.Equal("update-in-progress", number.Assign(new Assignment("u1", "Ann"), Now).Error?.Code);
        Assert.Empty(number.AllowedActions(Now, AcmeWithFreeVoiceService));
        Assert.True(number.UpdateInProgress);
        Assert.Equal(events, number.NewEvents.Count);
    }

    [Fact]
    public void Deallocating_a_number_never_in_service_returns_it_straight_to_the_pool()
    {
        var number = Reserved();

        Assert.True(number.Deallocate(TimeSpan.FromDays(90), Now).IsSuccess);

        Assert.Equal(PhoneNumberStatus.Available, number.Status);
        Assert.Null(number.Allocation);
        Assert.Null(number.CoolingOffUntil);
        Assert.Equal(("acme", PhoneNumberEventTypes.Deallocated), (number.NewEvents[^1].OrganizationId, number.NewEvents[^1].Change));
    }

    [Fact]
    public void Deallocating_a_number_that_was_in_service_starts_the_cooling_off_period()
    {
        var number = Active();
        Assert.True(number.StartDeactivation("op-2", Now).IsSuccess);
        Assert.True(number.CompleteOperation("op-2", Now));

        Assert.True(number.Deallocate(TimeSpan.FromDays(90), Now).IsSuccess);

        Assert.Equal(PhoneNumberStatus.Cooldown, number.Status);
        Assert.Equal(Now.AddDays(90), number.CoolingOffUntil);
        Assert.Empty(number.AllowedActions(Now, AcmeWithFreeVoiceService));
    }

    [Fact]
    public void A_zero_day_cooling_off_policy_returns_a_number_that_was_in_service_straight_to_the_pool()
    {
        var number = Active();
        number.StartDeactivation("op-2", Now);
        number.CompleteOperation("op-2", Now);

        Assert.True(number.Deallocate(TimeSpan.Zero, Now).IsSuccess);
        Assert.Equal(PhoneNumberStatus.Available, number.Status);
    }

    [Fact]
    public void An_active_number_cannot_be_deallocated()
    {
        var number = Active();

        Assert.Equal("number-active", number.Deallocate(TimeSpan.FromDays(90), Now).Error?.Code);
        Assert.Equal(PhoneNumberStatus.Active, number.Status);
    }

    [Fact]
    public void An_available_number_cannot_be_deallocated()
    {
        Assert.Equal("not-reserved", Available().Deallocate(TimeSpan.FromDays(90), Now).Error?.Code);
    }

    [Fact]
    public void Activation_runs_through_pending_to_active()
    {
        var number = Reserved();

        Assert.True(number.StartActivation("op-1", Now).IsSuccess);
        Assert.Equal(PhoneNumberStatus.Pending, number.Status);
        Assert.Equal(new PendingOperation(OperationKind.Activation, "op-1", Now, PhoneNumberStatus.Reserved), number.PendingOperation);

        Assert.True(number.CompleteOperation("op-1", Now));
        Assert.Equal(PhoneNumberStatus.Active, number.Status);
        Assert.Null(number.PendingOperation);
        Assert.Equal([AllowedAction.Deactivate, AllowedAction.Assign], number.AllowedActions(Now, AcmeWithFreeVoiceService));
    }

    [Fact]
    public void Completing_an_operation_twice_changes_nothing_the_second_time()
    {
        var number = Reserved();
        number.StartActivation("op-1", Now);
        number.CompleteOperation("op-1", Now);
        var sequence = number.Sequence;

        Assert.False(number.CompleteOperation("op-1", Now));
        Assert.False(number.FailOperation("op-1", "late failure", Now));
        Assert.Equal(sequence, number.Sequence);
    }

    [Fact]
    public void A_failed_activation_returns_the_number_to_reserved_with_the_failure_shown()
    {
        var number = Reserved();
        number.StartActivation("op-1", Now);

        Assert.True(number.FailOperation("op-1", "voice platform refused", Now));

        Assert.Equal(PhoneNumberStatus.Reserved, number.Status);
        Assert.Equal(new LastFailure(OperationKind.Activation, "voice platform refused", Now), number.LastFailure);
        Assert.Equal(PhoneNumberEventTypes.ActivationFailed, number.NewEvents[^1].Change);
    }

    [Fact]
    public void An_assigned_number_cannot_be_deactivated()
    {
        var number = Active();
        Assert.True(number.Assign(new Assignment("u1", "Ann Smith"), Now).IsSuccess);

        Assert.Equal("number-assigned", number.StartDeactivation("op-2", Now).Error?.Code);
        Assert.Equal([AllowedAction.Unassign], number.AllowedActions(Now, AcmeWithFreeVoiceService));
    }

    [Fact]
    public void A_main_number_is_never_assigned_to_a_user()
    {
        var number = Active(main: true);

        Assert.Equal("main-number-not-assignable", number.Assign(new Assignment("u1", "Ann"), Now).Error?.Code);
        Assert.Equal([AllowedAction.Deactivate], number.AllowedActions(Now, AcmeWithFreeVoiceService));
    }

    [Fact]
    public void Only_an_active_number_can_be_assigned()
    {
        Assert.Equal("not-active", Reserved().Assign(new Assignment("u1", "Ann"), Now).Error?.Code);
    }

    [Fact]
    public void Release_moves_only_a_due_cooldown_number_to_available()
    {
        var number = Available(coolingOffUntil: Now.AddDays(1));

        Assert.False(number.ReleaseFromCoolingOff(Now));
        Assert.True(number.ReleaseFromCoolingOff(Now.AddDays(2)));
        Assert.Equal(PhoneNumberStatus.Available, number.Status);
        Assert.False(number.ReleaseFromCoolingOff(Now.AddDays(3)));
    }

    [Fact]
    public void Each_change_advances_the_sequence_by_one_with_one_event()
    {
        var number = Active();

        Assert.Equal(Enumerable.Range(1, number.NewEvents.Count).Select(i => (long)i), number.NewEvents.Select(e => e.Sequence));
        Assert.Equal(number.Sequence, number.NewEvents.Count);
    }
}
