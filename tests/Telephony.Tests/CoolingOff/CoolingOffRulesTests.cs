using Telephony.Domain.CoolingOff;
using Telephony.Domain.Events;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Tests.CoolingOff;

public sealed class CoolingOffRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static PhoneNumber Available(bool locked = false, DateTimeOffset? coolingOffUntil = null) =>
        PhoneNumber.Provision("site", "+442071234567", "4567", "London", false, coolingOffUntil, locked, locked ? "RAN" : null, Now);

    [Fact]
    public void Starting_cooling_off_on_an_available_number_puts_it_in_cooldown_with_one_event()
    {
        var number = Available();
        number.MarkEventsStored();

        Assert.True(number.StartCoolingOff(Now.AddDays(30), Now).IsSuccess);

        Assert.Equal(PhoneNumberStatus.Cooldown, number.Status);
        Assert.Equal(Now.AddDays(30), number.CoolingOffUntil);
        var started = Assert.Single(number.NewEvents);
        Assert.Equal(PhoneNumberEventTypes.CoolingOffStarted, started.Change);
        Assert.Equal(PhoneNumberStatus.Available, started.PreviousStatus);
    }

    [Fact]
    public void A_cooling_off_number_can_be_given_another_date()
    {
        var number = Available(coolingOffUntil: Now.AddDays(30));

        Assert.True(number.StartCoolingOff(Now.AddDays(5), Now).IsSuccess);

        Assert.Equal(Now.AddDays(5), number.CoolingOffUntil);
    }

    [Fact]
    public void Starting_cooling_off_is_refused_for_a_date_not_in_the_future_a_reserved_number_or_a_locked_one()
    {
        Assert.Equal("cooling-off-date-in-past", Available().StartCoolingOff(Now, Now).Error!.Code);
        Assert.Equal("number-locked", Available(locked: true).StartCoolingOff(Now.AddDays(1), Now).Error!.Code);

        var reserved = Available();
        Assert.True(reserved.Allocate(Allocation.Operator, Now).IsSuccess);
        Assert.Equal("number-in-use", reserved.StartCoolingOff(Now.AddDays(1), Now).Error!.Code);
    }

    [Fact]
    public void Lifting_cooling_off_returns_the_number_to_the_pool_and_is_refused_when_it_is_not_cooling_off()
    {
        var number = Available(coolingOffUntil: Now.AddDays(30));
        number.MarkEventsStored();

        Assert.True(number.LiftCoolingOff(Now).IsSuccess);

        Assert.Equal(PhoneNumberStatus.Available, number.Status);
        Assert.Null(number.CoolingOffUntil);
        Assert.Equal(PhoneNumberEventTypes.CoolingOffLifted, Assert.Single(number.NewEvents).Change);
        Assert.Equal("not-cooling-off", number.LiftCoolingOff(Now).Error!.Code);
    }

    [Fact]
    public void An_index_entry_is_never_due_before_its_number()
    {
        var entry = CoolingOffEntry.For("site", "+442071234567", Now.AddMilliseconds(250));

        Assert.Equal(Now.AddSeconds(1), entry.Until);
        Assert.Equal(Now, CoolingOffEntry.For("site", "+442071234567", Now).Until);
    }

    [Fact]
    public void An_entry_describes_only_a_cooldown_number_with_its_date()
    {
        var number = Available(coolingOffUntil: Now.AddDays(1));
        var entry = CoolingOffEntry.For(number)!;

        Assert.True(entry.Describes(number));
        Assert.False((entry with { Until = Now.AddDays(2) }).Describes(number));
        Assert.True(number.LiftCoolingOff(Now).IsSuccess);
        Assert.False(entry.Describes(number));
    }
}
