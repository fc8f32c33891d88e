namespace Telephony.Domain.PhoneNumbers;

public enum PhoneNumberStatus
{
    Available,
    Reserved,
    Pending,
    Active,
    Cooldown,
}

public static class PhoneNumberStatusNames
{
    public static string ToWire(this PhoneNumberStatus status) => status switch
    {
        PhoneNumberStatus.Available => "AVAILABLE",
        PhoneNumberStatus.Reserved => "RESERVED",
        PhoneNumberStatus.Pending => "PENDING",
        PhoneNumberStatus.Active => "ACTIVE",
        PhoneNumberStatus.Cooldown => "COOLDOWN",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? value, out PhoneNumberStatus status)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "AVAILABLE": status = PhoneNumberStatus.Available; return true;
            case "RESERVED": status = PhoneNumberStatus.Reserved; return true;
            case "PENDING": status = PhoneNumberStatus.Pending; return true;
            case "ACTIVE": status = PhoneNumberStatus.Active; return true;
            case "COOLDOWN": status = PhoneNumberStatus.Cooldown; return true;
            default: status = default; return false;
        }
    }

    public static PhoneNumberStatus Parse(string value) =>
        TryParse(value, out var status) ? status : throw new FormatException($"'{value}' is not a phone-number status.");
}
