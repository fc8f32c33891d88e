using Microsoft.AspNetCore.Components;

namespace Telephony.Web.Numbers;

// The site page narrowed to one organization: the same state, rows, panel (?number=) and dialogs, with the
// organization's figures in place of the site's overview and no filters.
public partial class OrganizationPage
{
    [Parameter] public string OrganizationId { get; set; } = "";

    public static string Href(string siteId, string organizationId) =>
        $"sites/{Uri.EscapeDataString(siteId)}/organizations/{Uri.EscapeDataString(organizationId)}";

    private bool IsOperator => OrganizationId == NumberFilter.OperatorId;

    private string Name => State.Organization?.Name ?? (IsOperator ? State.OperatorName : OrganizationId);

    // Operators and platform administrators; an organization administrator sees only this page, and acts on one number at a time.
    private bool MaySeeSite => SignedIn is { } me && (me.IsPlatformAdmin || me.Sites!.Contains(SiteId));

    protected override async Task OnParametersSetAsync()
    {
        var show = State.ShowAsync(SiteId, NumberFilter.ForOrganization(OrganizationId), OrganizationId);
        await FollowPanelAsync();
        await show;
    }
}
