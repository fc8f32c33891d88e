using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.PhoneNumbers;

namespace Telephony.Tests.Domain;

public sealed class InputReadingTests
{
    [Theory]
    [InlineData("+442071234567")]
    [InlineData("442071234567")]
    [InlineData("+44 20 7123 4567")]
    [InlineData("+44 (20) 7123-4567")]
    [InlineData("020 7123 4567")]
    [InlineData("00442071234567")]
    public void Numbers_are_read_as_E164_however_they_are_typed(string input)
    {
        Assert.True(E164.TryNormalize(input, "GB", out var e164));
        Assert.Equal("+442071234567", e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("+44'20")]
    [InlineData("12")]
    [InlineData("+4420712345678901234")]
    [InlineData("' or 1 eq 1")]
    public void Text_that_is_not_a_phone_number_is_refused(string input)
    {
        Assert.False(E164.TryNormalize(input, "GB", out _));
    }

    [Fact]
    public void A_search_ignores_spaces_dashes_parentheses_and_a_leading_plus()
    {
        var filter = PhoneNumberFilterQuery.Parse(null, null, null, null, "+44 (20) 71-23");

        Assert.Equal("44207123", filter.Value.SearchDigits);
    }

    [Theory]
    [InlineData("'")]
    [InlineData("\"")]
    [InlineData("1' or '1'='1")]
    [InlineData("eq")]
    [InlineData("%27")]
    public void A_search_with_quotes_or_operators_is_refused(string search)
    {
        Assert.Equal("invalid-request", PhoneNumberFilterQuery.Parse(null, null, null, null, search).Error?.Code);
    }

    [Fact]
    public void Status_takes_one_status_or_a_comma_separated_list()
    {
        var filter = PhoneNumberFilterQuery.Parse("RESERVED, active", null, null, null, null);

        Assert.Equal(new HashSet<PhoneNumberStatus> { PhoneNumberStatus.Reserved, PhoneNumberStatus.Active }, filter.Value.Statuses);
        Assert.Equal("invalid-request", PhoneNumberFilterQuery.Parse("RESERVED,LOST", null, null, null, null).Error?.Code);
    }

    [Fact]
    public void An_occupier_filter_cannot_be_combined_with_the_operator_allocation()
    {
        Assert.Equal("invalid-request", PhoneNumberFilterQuery.Parse(null, "operator", "acme", null, null).Error?.Code);
        Assert.Equal(AllocationFilter.Occupier, PhoneNumberFilterQuery.Parse(null, null, "acme", null, null).Value.Allocation);
    }
}
