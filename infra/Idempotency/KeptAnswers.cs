using System.Text.Json;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Idempotency;

/// <summary>
/// The changed number and its holder as a key's record keeps them (JSON in the record's <c>Answer</c> column): a repeat
/// of the request is answered from them exactly as the first request was.
/// </summary>
internal static class KeptAnswers
{
    private sealed record Stored(PhoneNumberSnapshot Number, StoredHolder? Holder);

    private sealed record StoredHolder(
        string OrganizationId, string? Name, int VoiceServices, bool MainNumberService, string? MainNumber, int VoiceServicesInUse);

    public static string Write(PhoneNumberDetails answer)
    {
        var h = answer.Holder;
        return JsonSerializer.Serialize(new Stored(
            answer.Number.ToSnapshot() with { StoreVersion = null },
            h is null ? null : new StoredHolder(h.OrganizationId, h.Name, h.VoiceServices, h.MainNumberService, h.MainNumber, h.VoiceServicesInUse)));
    }

    public static PhoneNumberDetails Read(string siteId, string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json)!;
        var h = stored.Holder;
        return new PhoneNumberDetails(
            PhoneNumber.Restore(stored.Number),
            h is null ? null : Organization.Restore(siteId, h.OrganizationId, h.Name, h.VoiceServices, h.MainNumberService, h.MainNumber, h.VoiceServicesInUse, null));
    }
}
