using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using Telephony.Web.Api;
using Telephony.Web.Numbers;

namespace Telephony.Web.Tests.Components;

/// <summary>The filter drop-downs offer only what the site has, from the facets, with counts.</summary>
public sealed class FilterBarTests : BunitContext
{
    private static readonly Facets SiteFacets = new(
        7,
        new Dictionary<string, int> { ["RESERVED"] = 2, ["AVAILABLE"] = 4, ["ACTIVE"] = 1 },
        new AllocationFacets(4, 1, [new OccupierFacet("zeta", "Zeta Ltd", 1), new OccupierFacet("acme", "Acme Ltd", 1)]),
        new Dictionary<string, int> { ["unassigned"] = 7 });

    public FilterBarTests()
    {
        Services.AddFluentUIComponents();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Status_offers_the_statuses_present_in_the_guide_s_order_with_counts()
    {
        var bar = Render<FilterBar>(p => p.Add(b => b.Filter, new NumberFilter()).Add(b => b.Facets, SiteFacets));

        Assert.Equal(["All statuses (7)", "Available (4)", "Reserved (2)", "Active (1)"], Options(bar, "Status"));
    }

    [Fact]
    public void Allocation_offers_unallocated_the_operator_by_name_occupier_then_each_occupier_by_name()
    {
        var bar = Render<FilterBar>(p => p.Add(b => b.Filter, new NumberFilter()).Add(b => b.Facets, SiteFacets).Add(b => b.OperatorName, "Workspace Co"));

        Assert.Equal(["All allocations", "Unallocated (4)", "Workspace Co (1)", "Occupier (2)", "Acme Ltd (1)", "Zeta Ltd (1)"], Options(bar, "Allocation"));
        Assert.Equal(["Assigned or not", "Unassigned (7)"], Options(bar, "Assignment"));
    }

    [Fact]
    public void An_occupier_the_API_sends_without_a_name_is_offered_by_its_id()
    {
        var facets = SiteFacets with { Allocation = new AllocationFacets(null, null, [new OccupierFacet("beta", null, 3), new OccupierFacet("acme", "Acme Ltd", 1)]) };

        var bar = Render<FilterBar>(p => p.Add(b => b.Filter, new NumberFilter()).Add(b => b.Facets, facets));

        Assert.Equal(["All allocations", "Occupier (4)", "Acme Ltd (1)", "beta (3)"], Options(bar, "Allocation"));
    }

    [Fact]
    public void A_status_from_the_URL_the_site_no_longer_has_stays_shown_with_none()
    {
        var bar = Render<FilterBar>(p => p.Add(b => b.Filter, new NumberFilter(Status: "COOLDOWN")).Add(b => b.Facets, SiteFacets));

        Assert.Contains("Cooling off (0)", Options(bar, "Status"));
    }

    [Fact]
    public void A_status_from_a_hand_edited_URL_that_is_no_status_is_shown_as_such_not_as_a_status_with_none()
    {
        var bar = Render<FilterBar>(p => p.Add(b => b.Filter, new NumberFilter(Status: "FOO")).Add(b => b.Facets, SiteFacets));

        var options = Options(bar, "Status");
        Assert.Contains("Not a status: FOO", options);
        Assert.DoesNotContain("FOO (0)", options);
    }

    [Fact]
    public void Choosing_an_occupier_asks_for_allocation_occupier_and_its_id()
    {
        NumberFilter? changed = null;
        var bar = Render<FilterBar>(p => p.Add(b => b.Filter, new NumberFilter(Status: "RESERVED")).Add(b => b.Facets, SiteFacets)
            .Add(b => b.FilterChanged, f => changed = f));

        var allocation = bar.FindComponents<FluentSelect<FilterBar.Choice, string>>().Single(s => s.Instance.Label == "Allocation");
        bar.InvokeAsync(() => allocation.Instance.ValueChanged.InvokeAsync("occupier:acme"));

        Assert.Equal(new NumberFilter(Status: "RESERVED", Allocation: "occupier", OccupierId: "acme"), changed);
    }

    private static string[] Options(IRenderedComponent<FilterBar> bar, string label) =>
        bar.FindComponents<FluentSelect<FilterBar.Choice, string>>().Single(s => s.Instance.Label == label)
            .FindAll("fluent-option").Select(o => o.TextContent.Trim()).ToArray();
}
