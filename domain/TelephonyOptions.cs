using System.ComponentModel.DataAnnotations;

namespace Telephony.Domain;

public sealed class TelephonyOptions
{
    public const string SectionName = "Telephony";

    // Reads national-format numbers where a site sets no region.
    [Required(ErrorMessage = "'Telephony__DefaultRegion' is not set: use a two-letter ISO 3166 code such as GB.")]
    [RegularExpression("^[A-Z]{2}$", ErrorMessage = "'Telephony__DefaultRegion' is not a region: use a two-letter ISO 3166 code in capitals, such as GB.")]
    public string DefaultRegion { get; set; } = "GB";

    // 0 returns numbers straight to the pool.
    [Range(0, 3650, ErrorMessage = "'Telephony__DefaultCoolingOffDays' must be a whole number of days from 0 to 3650.")]
    public int DefaultCoolingOffDays { get; set; } = 90;
}
