using Telephony.Tests.OpenApi;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Telephony.Functions.Idempotency;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.Reliability;

/// <summary>
/// What a caller sees while storage cannot be reached: the app's table client points at a loopback port nothing listens
/// on, and requests go through the worker middleware as on the host.
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    /// <summary>
    /// Storage refusing connections costs the bounded back-off (~0.3 s), not the SDK default (0.8 + 1.6 + 3.2 s); the
    /// margin is for a busy machine.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    private TestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await TestApp.StartAsync(new Dictionary<string, string?> { ["TelephonyStorage"] = Azurite.TableConnectionString(Azurite.FreePort()) });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_list_while_storage_is_unreachable_is_answered_503_storage_unavailable_with_retry_after_within_a_bounded_time()
    {
        var request = HttpCall.Request("GET", $"/api/sites/{Api.Site}/phone-numbers");

        var watch = Stopwatch.StartNew();
        var answer = await InvokeAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Api.Site)),
            () => _app.Function<PhoneNumberFunctions>().ListPhoneNumbers(request, Api.Site, default));

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.Equal((503, "storage-unavailable"), (answer.Status, answer.ProblemCode));
        Assert.Equal("5", answer.Headers.RetryAfter.ToString());
        OpenApiDocument.Load().AssertConforms("GET", "/sites/{siteId}/phone-numbers", answer);
    }

    [Fact]
    public async Task A_command_with_an_idempotency_key_while_storage_is_unreachable_is_answered_503_not_an_empty_500()
    {
        var number = Api.Number(1);
        var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{number}/allocate", """{"allocateTo":"operator"}""",
            headers: new Dictionary<string, string> { [IdempotentCommands.Header] = "retry-me" });

        var watch = Stopwatch.StartNew();
        var answer = await InvokeAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request, Gate.Values(("siteId", Api.Site), ("number", number)),
            () => _app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, number, default));

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.Equal((503, "storage-unavailable"), (answer.Status, answer.ProblemCode));
        Assert.Equal("application/problem+json", answer.ContentType);
        OpenApiDocument.Load().AssertConforms("POST", "/sites/{siteId}/phone-numbers/{number}/allocate", answer);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_with_a_trace_id_and_nothing_internal()
    {
        var request = HttpCall.Request("GET", $"/api/sites/{Api.Site}/phone-numbers");

        var answer = await InvokeAsync(nameof(PhoneNumberFunctions.ListPhoneNumbers), request, Gate.Values(("siteId", Api.Site)),
            () => throw new InvalidOperationException("connection string AccountKey=secret at Telephony.Internal.Thing"));

        Assert.Equal((500, "unexpected-error"), (answer.Status, answer.ProblemCode));
        Assert.False(string.IsNullOrEmpty(answer.Json["traceId"]?.GetValue<string>()));
        Assert.DoesNotContain("secret", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Telephony.Internal", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", answer.Body, StringComparison.Ordinal);
        OpenApiDocument.Load().AssertConforms("GET", "/sites/{siteId}/phone-numbers", answer);
    }

    private async Task<HttpAnswer> InvokeAsync(
        string functionName, HttpRequest request, IReadOnlyDictionary<string, object?> bindingData, Func<Task<IActionResult>> function)
    {
        object? invocationResult = null;
        await _app.Get<SecurityMiddleware>().InvokeAsync(request.HttpContext, functionName, bindingData,
            async () => invocationResult = await function(), result => invocationResult = result);
        return await ((IActionResult)invocationResult!).ExecuteAsync(request);
    }
}
