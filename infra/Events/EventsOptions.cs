using System.ComponentModel.DataAnnotations;

namespace Telephony.Infrastructure.Events;

/// <summary>Where events are published, bound from the <c>Telephony</c> section.</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Telephony";

    /// <summary>The Service Bus topic the number events go to (<c>Telephony:EventsTopic</c>).</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$")]
    public string EventsTopic { get; set; } = "phone-number-events";
}
