using System.ComponentModel.DataAnnotations;

namespace Telephony.Infrastructure.Events;

public sealed class EventsOptions
{
    public const string SectionName = "Telephony";

    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$")]
    public string EventsTopic { get; set; } = "phone-number-events";
}
