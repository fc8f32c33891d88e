using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Tests.Domain;

public sealed class OrganizationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static Organization Acme(int voiceServices = 0, int inUse = 0, string? mainNumber = null) =>
        Organization.Restore("site", "acme", "Acme Ltd", voiceServices, false, mainNumber, inUse, "v1");

    private static PhoneNumber Available(string number = "+442071234567", bool main = false) =>
        PhoneNumber.Provision("site", number, number[^4..], "London", main, null, false, null, Now);

    [Fact]
    public void Taking_a_voice_service_counts_it_in_use()
    {
        var acme = Acme(voiceServices: 2, inUse: 1);

        Assert.True(acme.TakeVoiceService().IsSuccess);

        Assert.Equal(2, acme.VoiceServicesInUse);
        Assert.False(acme.HasFreeVoiceService);
    }

    [Fact]
    public void Taking_a_voice_service_is_refused_when_every_one_is_in_use()
    {
        var acme = Acme(voiceServices: 1, inUse: 1);

        var taken = acme.TakeVoiceService();

        Assert.Equal("no-voice-service", taken.Error?.Code);
        Assert.Equal(1, acme.VoiceServicesInUse);
    }

    [Fact]
    public void An_organization_without_an_entitlement_cannot_take_a_voice_service()
    {
        Assert.Equal("no-voice-service", Organization.Operator("site").TakeVoiceService().Error?.Code);
    }

    [Fact]
    public void Releasing_a_voice_service_frees_it_and_never_counts_below_zero()
    {
        var acme = Acme(voiceServices: 1, inUse: 1);

        acme.ReleaseVoiceService();
        acme.ReleaseVoiceService();

        Assert.Equal(0, acme.VoiceServicesInUse);
        Assert.True(acme.HasFreeVoiceService);
    }

    [Fact]
    public void Voice_services_cannot_be_reduced_below_those_in_use()
    {
        var acme = Acme(voiceServices: 3, inUse: 2);

        var set = acme.SetVoiceServices(1);

        Assert.Equal("voice-services-in-use", set.Error?.Code);
        Assert.Contains("deactivate 1", set.Error!.Detail);
        Assert.Equal(3, acme.VoiceServices);
    }

    [Fact]
    public void Voice_services_may_be_reduced_to_exactly_those_in_use()
    {
        var acme = Acme(voiceServices: 3, inUse: 2);

        Assert.True(acme.SetVoiceServices(2).IsSuccess);
        Assert.Equal(2, acme.VoiceServices);
    }

    [Fact]
    public void Setting_voice_services_keeps_the_main_number_service_unless_it_is_given()
    {
        var acme = Acme();

        acme.SetVoiceServices(2, mainNumberService: true);
        acme.SetVoiceServices(3);

        Assert.True(acme.MainNumberService);
        Assert.Equal(3, acme.VoiceServices);
        Assert.True(acme.SetVoiceServices(3, mainNumberService: false).IsSuccess);
        Assert.False(acme.MainNumberService);
    }

    [Fact]
    public void An_organization_holds_at_most_one_main_number()
    {
        var acme = Acme(mainNumber: "+442070000001");

        var held = acme.HoldMainNumber("+442070000002");

        Assert.Equal("main-number-already-held", held.Error?.Code);
        Assert.Equal("+442070000001", acme.MainNumber);
    }

    [Fact]
    public void Holding_the_main_number_it_already_holds_changes_nothing()
    {
        var acme = Acme(mainNumber: "+442070000001");

        Assert.True(acme.HoldMainNumber("+442070000001").IsSuccess);
        Assert.Equal("+442070000001", acme.MainNumber);
    }

    [Fact]
    public void Releasing_a_main_number_it_does_not_hold_leaves_its_own()
    {
        var acme = Acme(mainNumber: "+442070000001");

        Assert.False(acme.ReleaseMainNumber("+442070000002"));
        Assert.Equal("+442070000001", acme.MainNumber);
        Assert.True(acme.ReleaseMainNumber("+442070000001"));
        Assert.Null(acme.MainNumber);
    }

    [Fact]
    public void Allocating_a_nominated_main_number_makes_it_the_organization_main_number()
    {
        var acme = Acme();
        var number = Available(main: true);

        var allocated = acme.Allocate(number, Now);

        Assert.True(allocated.Value);
        Assert.Equal(number.Number, acme.MainNumber);
        Assert.Equal(PhoneNumberStatus.Reserved, number.Status);
        Assert.Equal(Allocation.Occupier("acme"), number.Allocation);
    }

    [Fact]
    public void Allocating_an_ordinary_number_leaves_the_organization_unchanged()
    {
        var acme = Acme();

        var allocated = acme.Allocate(Available(), Now);

        Assert.False(allocated.Value);
        Assert.Null(acme.MainNumber);
    }

    [Fact]
    public void Allocating_a_second_main_number_is_refused_and_changes_neither()
    {
        var acme = Acme(mainNumber: "+442070000001");
        var number = Available(main: true);

        var allocated = acme.Allocate(number, Now);

        Assert.Equal("main-number-already-held", allocated.Error?.Code);
        Assert.Equal(PhoneNumberStatus.Available, number.Status);
        Assert.Equal("+442070000001", acme.MainNumber);
    }

    [Fact]
    public void The_numbers_own_refusal_comes_before_the_main_number_rule()
    {
        var acme = Acme(mainNumber: "+442070000001");
        var number = PhoneNumber.Provision("site", "+442071234567", "4567", "London", true, null, true, "porting", Now);

        var allocated = acme.Allocate(number, Now);

        Assert.Equal("number-locked", allocated.Error?.Code);
        Assert.Equal("+442070000001", acme.MainNumber);
    }

    [Fact]
    public void A_main_number_refused_by_its_own_rule_is_not_held()
    {
        var acme = Acme();
        var number = Available(main: true);
        Assert.True(acme.Allocate(number, Now).IsSuccess);
        var acmeAgain = Acme();

        var allocated = acmeAgain.Allocate(number, Now);

        Assert.Equal("not-available", allocated.Error?.Code);
        Assert.Null(acmeAgain.MainNumber);
    }

    [Fact]
    public void A_nominated_main_number_already_recorded_as_the_organizations_own_may_be_allocated()
    {
        var acme = Acme(mainNumber: "+442071234567");
        var number = Available(main: true);

        var allocated = acme.Allocate(number, Now);

        Assert.True(allocated.Value);
        Assert.Equal("+442071234567", acme.MainNumber);
    }

    [Fact]
    public void Starting_an_activation_takes_a_voice_service_and_makes_the_number_pending()
    {
        var acme = Acme(voiceServices: 1);
        var number = Available();
        Assert.True(acme.Allocate(number, Now).IsSuccess);

        Assert.True(acme.StartActivation(number, "op-1", Now).IsSuccess);

        Assert.Equal((PhoneNumberStatus.Pending, 1), (number.Status, acme.VoiceServicesInUse));
    }

    [Fact]
    public void An_activation_without_a_free_voice_service_is_refused_and_changes_neither()
    {
        var acme = Acme(voiceServices: 1, inUse: 1);
        var number = Available();
        Assert.True(acme.Allocate(number, Now).IsSuccess);

        var started = acme.StartActivation(number, "op-1", Now);

        Assert.Equal("no-voice-service", started.Error?.Code);
        Assert.Equal((PhoneNumberStatus.Reserved, 1, 2L), (number.Status, acme.VoiceServicesInUse, number.Sequence));
    }

    [Fact]
    public void The_numbers_own_refusal_comes_before_the_voice_service_rule()
    {
        var acme = Acme(voiceServices: 1, inUse: 1);

        var started = acme.StartActivation(Available(), "op-1", Now);

        Assert.Equal("not-reserved", started.Error?.Code);
        Assert.Equal(1, acme.VoiceServicesInUse);
    }

    [Fact]
    public void Deallocating_its_main_number_lets_the_organization_go_of_it()
    {
        var acme = Acme();
        var number = Available(main: true);
        Assert.True(acme.Allocate(number, Now).IsSuccess);

        var deallocated = acme.Deallocate(number, TimeSpan.FromDays(90), Now);

        Assert.True(deallocated.Value);
        Assert.Equal((PhoneNumberStatus.Available, (string?)null), (number.Status, acme.MainNumber));
    }

    [Fact]
    public void A_refused_deallocation_keeps_the_main_number_held()
    {
        var acme = Acme(mainNumber: "+442071234567");

        var deallocated = acme.Deallocate(Available(main: true), TimeSpan.FromDays(90), Now);

        Assert.Equal("not-reserved", deallocated.Error?.Code);
        Assert.Equal("+442071234567", acme.MainNumber);
    }

    [Theory]
    [InlineData("operator", "Acme Ltd", 0, "'operator' is reserved")]
    [InlineData("acme", "   ", 0, "name is required")]
    [InlineData("acme", null, 0, "name is required")]
    [InlineData("acme", "Acme Ltd", -1, "voiceServices must be between 0 and 10000")]
    [InlineData("acme", "Acme Ltd", 10_001, "voiceServices must be between 0 and 10000")]
    public void A_new_occupier_needs_a_free_id_a_name_and_voice_services_within_bounds(string id, string? name, int voiceServices, string refusal)
    {
        var occupier = Organization.Occupier("site", id, name, voiceServices);

        Assert.Equal("invalid-request", occupier.Error?.Code);
        Assert.StartsWith(refusal, occupier.Error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_occupiers_name_is_trimmed_and_at_most_200_characters()
    {
        var occupier = Organization.Occupier("site", "acme", "  Acme Ltd  ", 2).Value;

        Assert.Equal(("Acme Ltd", 2), (occupier.Name, occupier.VoiceServices));
        Assert.Equal("invalid-request", occupier.Rename(new string('a', 201)).Error?.Code);
        Assert.Equal("Acme Ltd", occupier.Name);
    }

    [Fact]
    public void Voice_services_above_the_bound_are_refused_whatever_is_in_use()
    {
        var acme = Acme(voiceServices: 3);

        Assert.Equal("invalid-request", acme.SetVoiceServices(Organization.MaxVoiceServices + 1).Error?.Code);
        Assert.Equal(3, acme.VoiceServices);
    }
}
