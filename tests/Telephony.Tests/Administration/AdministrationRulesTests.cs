using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Tests.Administration;

/// <summary>The aggregate's administration transitions, without I/O: each refuses with a code or records exactly one event.</summary>
public sealed class AdministrationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static PhoneNumber Available(bool main = false, bool locked = false) =>
        PhoneNumber.Provision("site", "+442071234567", "4567", null, main, null, locked, locked ? "RAN" : null, Now);

    [Fact]
    public void Each_administration_change_records_exactly_one_event()
    {
        var number = Available();

        Assert.True(number.NominateMainNumber(Now).IsSuccess);
        Assert.True(number.Lock("RAN", Now).IsSuccess);
        Assert.True(number.Unlock(Now).IsSuccess);
        Assert.True(number.WithdrawMainNumber(Now).IsSuccess);
        Assert.True(number.Remove(Now).IsSuccess);

        Assert.Equal(
            [PhoneNumberEventTypes.Provisioned, PhoneNumberEventTypes.MainNumberNominated, PhoneNumberEventTypes.Locked,
             PhoneNumberEventTypes.Unlocked, PhoneNumberEventTypes.MainNumberWithdrawn, PhoneNumberEventTypes.Removed],
            number.NewEvents.Select(e => e.Change));
        Assert.Equal(6, number.Sequence);
    }

    [Fact]
    public void A_locked_or_allocated_number_is_not_removed()
    {
        var allocated = Available();
        allocated.Allocate(Allocation.Operator, Now);

        Assert.Equal("number-locked", Available(locked: true).Remove(Now).Error?.Code);
        Assert.Equal("not-available", allocated.Remove(Now).Error?.Code);
        Assert.Equal(2, allocated.Sequence);
    }

    [Fact]
    public void An_allocated_main_number_keeps_its_nomination()
    {
        var number = Available(main: true);
        number.Allocate(Allocation.Occupier("acme"), Now);

        var withdrawn = number.WithdrawMainNumber(Now);

        Assert.Equal("main-number-in-use", withdrawn.Error?.Code);
        Assert.True(number.IsMainNumber);
    }

    [Fact]
    public void A_locked_number_refuses_allocation_and_offers_nothing_until_unlocked()
    {
        var number = Available();
        number.Lock("RAN", Now);

        Assert.Equal("number-locked", number.Allocate(Allocation.Operator, Now).Error?.Code);
        Assert.Empty(number.AllowedActions(Now, null));
        Assert.Equal("RAN", number.LockReason);

        number.Unlock(Now);

        Assert.Equal([AllowedAction.Allocate], number.AllowedActions(Now, null));
        Assert.Null(number.LockReason);
    }
}
