namespace Telephony.Domain.Sites;

// Null settings mean the platform default.
public sealed class Site
{
    public const string DefaultOperatorName = "Operator";

    public Site(string siteId) => SiteId = siteId;

    public string SiteId { get; }

    public string? Name { get; set; }

    public string? OperatorName { get; set; }

    public string DisplayName => Name ?? SiteId;

    public string OperatorDisplayName => OperatorName ?? DefaultOperatorName;

    public int? CoolingOffDays { get; set; }

    public string? DefaultRegion { get; set; }

    public bool AutoNominateMainNumber { get; set; }

    public string? StoreVersion { get; set; }

    public TimeSpan CoolingOffPeriod(TelephonyOptions defaults) => TimeSpan.FromDays(CoolingOffDays ?? defaults.DefaultCoolingOffDays);

    public string Region(TelephonyOptions defaults) => DefaultRegion ?? defaults.DefaultRegion;
}
