using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.PhoneNumbers;

namespace Telephony.Tests.Domain;

/// <summary>Search in a number's national form, as a site's region writes it: no storage, only the filter.</summary>
public sealed class NationalFormSearchTests
{
    private static bool Finds(string search, string e164, string region)
    {
        var filter = PhoneNumberFilterQuery.Parse(null, null, null, null, search).Value.InRegion(region);
        return filter.Matches(PhoneNumber.Provision("site", e164, "1", null, false, null, false, null, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("020 7123")]
    [InlineData("0207123")]
    [InlineData("02071234567")]
    [InlineData("(020) 7123-4567")]
    [InlineData("447123")]
    [InlineData("+44 20 7123")]
    [InlineData("4567")]
    public void A_london_number_is_found_by_its_national_and_international_forms_in_gb(string search) =>
        Assert.True(Finds(search, "+442071234567", "GB"));

    [Theory]
    [InlineData("0307123")]
    [InlineData("00207123")]
    [InlineData("2071234568")]
    public void Digits_in_neither_form_find_nothing(string search) =>
        Assert.False(Finds(search, "+442071234567", "GB"));

    [Fact]
    public void The_national_form_is_that_of_the_sites_region_only()
    {
        Assert.False(Finds("0207123", "+442071234567", "US"));
        Assert.False(Finds("0207123", "+33207123456", "GB"));
    }

    [Fact]
    public void A_trunk_prefix_of_two_digits_is_matched_where_the_query_starts_inside_it()
    {
        // Hungary writes +36 1 234 5678 nationally as 06 1 234 5678.
        Assert.True(Finds("06 1 234", "+3612345678", "HU"));
        Assert.True(Finds("61234", "+3612345678", "HU"));
        Assert.False(Finds("0612349", "+3612345678", "HU"));
    }
}
