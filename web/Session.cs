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

    public async Task RefreshAsync()
    {
        _sites = null;
        if (RefreshRequested is { } refresh)
        {
            await refresh();
        }
    }
}
