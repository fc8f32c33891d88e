using Telephony.Web.Numbers;

namespace Telephony.Web.Tests.Components;

/// <summary>The filters as the page's URL and the API's query hold them.</summary>
public sealed class NumberFilterTests
{
    [Fact]
    public void A_filter_read_from_its_URL_is_the_same_filter()
    {
        var filter = new NumberFilter("RESERVED", "occupier", "acme", "unassigned", "020 7123");

        var read = NumberFilter.FromQuery(NumberFilter.ParseQuery("https://x.test/sites/london-bridge?" + filter.ToQuery()));

        Assert.Equal(filter, read);
    }

    [Fact]
    public void Only_the_filters_that_are_set_are_in_the_query()
    {
        Assert.Equal("status=COOLDOWN&search=%2B44%20207", new NumberFilter(Status: "COOLDOWN", Search: "+44 207").ToQuery());
        Assert.Equal("", new NumberFilter().ToQuery());
    }

    [Theory]
    [InlineData("occupier:acme", "occupier", "acme")]
    [InlineData("occupier", "occupier", null)]
    [InlineData("operator", "operator", null)]
    [InlineData("", null, null)]
    public void The_allocation_choice_sets_allocation_and_occupier(string choice, string? allocation, string? occupierId)
    {
        var filter = new NumberFilter(Allocation: "operator", OccupierId: null).WithAllocationChoice(choice);

        Assert.Equal((allocation, occupierId), (filter.Allocation, filter.OccupierId));
        Assert.Equal(choice, filter.AllocationChoice);
    }
}
