namespace Telephony.Domain.Sites;

/// <summary>A site numbers are provisioned at, with its own settings (null = the platform default).</summary>
public sealed class Site
{
    public Site(string siteId) => SiteId = siteId;

    public string SiteId { get; }

    public int? CoolingOffDays { get; set; }

    public string? DefaultRegion { get; set; }

    public bool AutoNominateMainNumber { get; set; }

    public string? StoreVersion { get; set; }

    public TimeSpan CoolingOffPeriod(TelephonyOptions defaults) => TimeSpan.FromDays(CoolingOffDays ?? defaults.DefaultCoolingOffDays);

    public string Region(TelephonyOptions defaults) => DefaultRegion ?? defaults.DefaultRegion;
}
