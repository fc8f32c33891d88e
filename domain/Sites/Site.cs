namespace Telephony.Domain.Sites;

/// <summary>A site numbers are provisioned at, with its own settings (null = the platform default).</summary>
public sealed class Site
{
    /// <summary>What the operator is called until a platform administrator names it.</summary>
    public const string DefaultOperatorName = "Operator";

    public Site(string siteId) => SiteId = siteId;

    public string SiteId { get; }

    /// <summary>The site's display name; null until set (the id stands in).</summary>
    public string? Name { get; set; }

    /// <summary>The operator's display name at this site; null until set.</summary>
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
