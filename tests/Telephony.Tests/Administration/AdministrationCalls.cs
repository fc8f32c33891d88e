using Microsoft.DurableTask.Client;
using Telephony.Functions.Administration;
using Telephony.Functions.Bulk;
using Telephony.Tests.Events;
using Telephony.Tests.Support;

namespace Telephony.Tests.Administration;

/// <summary>Calls the administration, voice-services and bulk functions the way the Functions host routes them.</summary>
internal static class AdministrationCalls
{
    private const string Site = Api.Site;

    /// <summary>The number's recorded changes, oldest first.</summary>
    public static Task<IReadOnlyList<string>> ChangesAsync(this TestApp app, string number) =>
        Task.FromResult<IReadOnlyList<string>>(app.Events(number).Select(e => e.GetString("Change")).ToList());

    public static Task<HttpAnswer> NominateMainNumberAsync(this TestApp app, string number) =>
        Call(app, "PUT", number, "/main-number", null, (f, r) => f.NominateMainNumber(r, Site, number, default));

    public static Task<HttpAnswer> WithdrawMainNumberAsync(this TestApp app, string number) =>
        Call(app, "DELETE", number, "/main-number", null, (f, r) => f.WithdrawMainNumber(r, Site, number, default));

    public static Task<HttpAnswer> LockAsync(this TestApp app, string number, string json) =>
        Call(app, "PUT", number, "/lock", json, (f, r) => f.LockPhoneNumber(r, Site, number, default));

    public static Task<HttpAnswer> UnlockAsync(this TestApp app, string number) =>
        Call(app, "DELETE", number, "/lock", null, (f, r) => f.UnlockPhoneNumber(r, Site, number, default));

    public static Task<HttpAnswer> RemoveAsync(this TestApp app, string number) =>
        Call(app, "DELETE", number, "", null, (f, r) => f.RemovePhoneNumber(r, Site, number, default));

    public static async Task<HttpAnswer> PutVoiceServicesAsync(this TestApp app, DurableTaskClient client, string organizationId, string json)
    {
        var request = HttpCall.Request("PUT", $"/api/sites/{Site}/organizations/{organizationId}/voice-services", json);
        return await (await app.Function<VoiceServiceFunctions>().PutVoiceServices(request, client, Site, organizationId, default)).ExecuteAsync(request);
    }

    public static async Task<HttpAnswer> BulkAsync(this TestApp app, DurableTaskClient client, string json)
    {
        var request = HttpCall.Request("POST", $"/api/sites/{Site}/phone-numbers/bulk", json);
        return await (await app.Function<BulkFunctions>().BulkPhoneNumberOperations(request, client, Site, default)).ExecuteAsync(request);
    }

    private static async Task<HttpAnswer> Call(
        TestApp app, string method, string number, string suffix, string? json,
        Func<NumberAdministrationFunctions, Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call)
    {
        var request = HttpCall.Request(method, $"/api/platform/sites/{Site}/phone-numbers/{number}{suffix}", json);
        return await (await call(app.Function<NumberAdministrationFunctions>(), request)).ExecuteAsync(request);
    }
}
