namespace Telephony.Web.Numbers;

/// <summary>A number's status as the page knows it; the API's codes (<c>AVAILABLE</c>, …) are read only here.</summary>
public enum NumberStatus
{
    Available,
    Reserved,
    Pending,
    Active,
    CoolingOff,
}

/// <summary>The page's order of the statuses (the guide's), their words and their badge colours.</summary>
public static class NumberStatuses
{
    public static readonly NumberStatus[] Order = [NumberStatus.Available, NumberStatus.Reserved, NumberStatus.Pending, NumberStatus.Active, NumberStatus.CoolingOff];

    public static NumberStatus? Parse(string? code) => code switch
    {
        "AVAILABLE" => NumberStatus.Available,
        "RESERVED" => NumberStatus.Reserved,
        "PENDING" => NumberStatus.Pending,
        "ACTIVE" => NumberStatus.Active,
        "COOLDOWN" => NumberStatus.CoolingOff,
        _ => null,
    };

    public static string Code(this NumberStatus status) => status switch
    {
        NumberStatus.Available => "AVAILABLE",
        NumberStatus.Reserved => "RESERVED",
        NumberStatus.Pending => "PENDING",
        NumberStatus.Active => "ACTIVE",
        _ => "COOLDOWN",
    };

    public static string Word(this NumberStatus status) => status switch
    {
        NumberStatus.Available => "Available",
        NumberStatus.Reserved => "Reserved",
        NumberStatus.Pending => "Update in progress",
        NumberStatus.Active => "Active",
        _ => "Cooling off",
    };

    /// <summary>A status code in words (a code the page does not know is shown as sent).</summary>
    public static string Word(string? code) => Parse(code)?.Word() ?? code ?? "";
}
