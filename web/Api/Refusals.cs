namespace Telephony.Web.Api;

/// <summary>
/// A bulk answer carries each refusal's problem code only: the page says it in words (the titles of the API's
/// catalogue, domain/Common/Errors.cs), never as the bare code.
/// </summary>
public static class Refusals
{
    public static string Words(string? code) => code switch
    {
        "number-not-found" => "the number is not provisioned at this site.",
        "occupier-not-found" => "the occupier is not known at this site.",
        "update-in-progress" => "an update is in progress.",
        "number-locked" => "the number is locked.",
        "cooling-off-in-force" => "a cooling-off period is in force.",
        "not-available" => "the number is not available.",
        "not-reserved" => "the number is not reserved.",
        "number-active" => "the number is active.",
        "not-active" => "the number is not active.",
        "number-assigned" => "the number is assigned to a user.",
        "not-assigned" => "the number is not assigned.",
        "main-number-not-assignable" => "a main number cannot be assigned.",
        "no-voice-service" => "no voice service is free.",
        "invalid-number" => "the phone number is not valid.",
        "concurrent-update" => "someone else changed the number at the same moment; try again.",
        _ => "the service refused it.",
    };
}
