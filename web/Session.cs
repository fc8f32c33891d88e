using Telephony.Web.Api;

namespace Telephony.Web;

/// <summary>Who is signed in and which sites they may see, read once; and the header's Refresh, which the open view obeys.</summary>
public sealed class Session(TelephonyApi api)
{
    private Task<Me>? _me;
    private Task<Page<SiteSummary>>? _sites;

    public event Func<Task>? RefreshRequested;

    public Task<Me> MeAsync() => _me ??= api.MeAsync();

    public Task<Page<SiteSummary>> SitesAsync() => _sites ??= api.SitesAsync();

    /// <summary>The organizations an organization administrator looks after, named as their pages name them, with their sites' names.</summary>
    public async Task<IReadOnlyList<OrganizationLink>> OrganizationsAsync()
    {
        var me = await MeAsync();
        var sites = (await SitesAsync()).Items;
        return await Task.WhenAll(me.Organizations.Select(async o =>
        {
            var name = o.OrganizationId;
            try
            {
                name = (await api.OrganizationAsync(o.SiteId, o.OrganizationId)).Name;
            }
            catch (ApiException)
            {
                // One the site no longer has: its id still tells it apart.
            }

            return new OrganizationLink(Numbers.OrganizationPage.Href(o.SiteId, o.OrganizationId), name, sites.FirstOrDefault(s => s.SiteId == o.SiteId)?.Name ?? o.SiteId);
        }));
    }

    public async Task RefreshAsync()
    {
        _sites = null;
        if (RefreshRequested is { } refresh)
        {
            await refresh();
        }
    }
}

public sealed record OrganizationLink(string Href, string Name, string SiteName);
