using Telephony.Web.Api;
using Telephony.Web.Layout;
using Telephony.Web.Numbers;

namespace Telephony.Web.Tests.Components;

/// <summary>Where an organization administrator is sent from each address, and that nobody else is sent anywhere.</summary>
public sealed class OrganizationLandingTests
{
    private static Me OfficeManager(params string[] organizations) =>
        new("office.manager@acme.example", ["Telephony.OrganizationAdmin"], [],
            organizations.Select(o => o.Split('/')).Select(o => new MeOrganization(o[0], o[1])).ToList());

    [Theory]
    [InlineData("sites/london-bridge")]
    [InlineData("sites/london-bridge?status=ACTIVE")]
    [InlineData("sites/london-bridge/activity")]
    [InlineData("sites/london-bridge/platform")]
    [InlineData("sites/london-bridge/organizations/globex")]
    [InlineData("sites/canary-wharf")]
    [InlineData("no-such-page")]
    public void Every_other_address_sends_the_administrator_of_one_organization_to_its_page(string address)
    {
        Assert.Equal("sites/london-bridge/organizations/acme", OrganizationLanding.Redirect(OfficeManager("london-bridge/acme"), address));
    }

    [Theory]
    [InlineData("sites/london-bridge/organizations/acme")]
    [InlineData("sites/london-bridge/organizations/acme?number=%2B442071234500")]
    [InlineData("")]
    public void Their_own_page_and_the_home_page_keep_them(string address)
    {
        Assert.Null(OrganizationLanding.Redirect(OfficeManager("london-bridge/acme"), address));
    }

    [Fact]
    public void With_several_organizations_a_site_sends_them_to_their_one_there_else_to_the_picker()
    {
        var manager = OfficeManager("london-bridge/acme", "london-bridge/globex", "canary-wharf/acme");

        Assert.Equal("sites/canary-wharf/organizations/acme", OrganizationLanding.Redirect(manager, "sites/canary-wharf"));
        Assert.Equal("", OrganizationLanding.Redirect(manager, "sites/london-bridge"));
        Assert.Equal("", OrganizationLanding.Redirect(manager, "sites/elsewhere/platform"));
        Assert.Null(OrganizationLanding.Redirect(manager, "sites/london-bridge/organizations/globex"));
    }

    [Fact]
    public void Operators_platform_administrators_and_operators_who_also_administer_an_organization_go_where_they_asked()
    {
        Me[] others =
        [
            new("operator@example.com", ["Telephony.Operator"], ["london-bridge"], []),
            new("admin@example.com", ["Telephony.PlatformAdmin"], null, []),
            new("both@example.com", ["Telephony.Operator", "Telephony.OrganizationAdmin"], ["london-bridge"], [new MeOrganization("canary-wharf", "acme")]),
        ];

        Assert.All(others, me => Assert.Null(OrganizationLanding.Redirect(me, "sites/london-bridge")));
    }

    [Fact]
    public void An_organization_s_numbers_are_those_the_list_route_selects_for_it()
    {
        Assert.Equal("allocation=operator", NumberFilter.ForOrganization("operator").ToQuery());
        Assert.Equal("allocation=occupier&occupierId=acme", NumberFilter.ForOrganization("acme").ToQuery());
        Assert.Equal("sites/london-bridge/organizations/a%20b", OrganizationPage.Href("london-bridge", "a b"));
    }
}
