using Telephony.Web.Api;
using Telephony.Web.Numbers;

namespace Telephony.Web.Layout;

// An organization administrator (rule 13) who is nothing else sees only their organizations' pages: any other address
// sends them to theirs, or to the picker on the home page when it could be more than one. The API refuses the rest
// anyway; this spares them pages that would only say so.
public static class OrganizationLanding
{
    public static bool OnlyOrganizations(Me me) => !me.IsPlatformAdmin && me.Sites is { Count: 0 } && me.Organizations.Count > 0;

    // Where to go from a base-relative address; null to stay.
    public static string? Redirect(Me me, string relativePath)
    {
        if (!OnlyOrganizations(me))
        {
            return null;
        }

        var path = relativePath.Split('?', '#')[0].Trim('/');
        var segments = path.Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (path.Length == 0 || segments is ["sites", var site, "organizations", var organization] && me.Organizations.Contains(new MeOrganization(site, organization)))
        {
            // The home page lands them itself.
            return null;
        }

        // Of the site named, if one of theirs; else of all.
        var candidates = segments is ["sites", var named, ..] && me.Organizations.Where(o => o.SiteId == named).ToList() is { Count: > 0 } there
            ? there
            : me.Organizations;
        return candidates.Count == 1 ? OrganizationPage.Href(candidates[0].SiteId, candidates[0].OrganizationId) : "";
    }
}
