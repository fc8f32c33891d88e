using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telephony.Infrastructure;
using Telephony.Domain.Activation;
using Telephony.Functions.Idempotency;
using Telephony.Functions.PhoneNumbers;
using Telephony.Functions.Security;
using Telephony.Infrastructure.Activation;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>The voicemail PIN, the voice platform's API key and Idempotency-Key values never reach a log or an error.</summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Logs_and_answers_never_contain_the_pin_whether_the_change_succeeds_or_fails()
    {
        var logs = new CapturedLogs();
        await using var harness = await ActivationHarness.StartAsync(CapturedLogs.Into(logs));
        await harness.Api.SeedAsync();
        await harness.ActivateToEndAsync(Api.Number(1));

        var answers = new List<HttpAnswer>
        {
            await harness.PutPinAsync(Api.Site, Api.Number(1), """{"pin":"739184"}"""),
            await harness.PutPinAsync(Api.Site, Api.Number(1), """{"pin":"5555555"}"""),        // too easy to guess
            await harness.PutPinAsync(Api.Site, Api.Number(1), """{"pin":"8316427359"}"""),     // too long
            await harness.PutPinAsync(Api.Site, Api.Number(1), """{"pin":6182947}"""),          // not a string
            await harness.PutPinAsync(Api.Site, Api.Number(2), """{"pin":"2947316"}"""),        // not ACTIVE
            await harness.PutPinAsync(Api.Site, Api.Number(1), """{"pin":"4072913","x":1}"""),  // unknown field
        };
        var deactivation = await harness.DeactivateAsync(Api.Site, Api.Number(1)); // resets the PIN to the default one
        await harness.WaitForOperationAsync(deactivation.Headers.Location.ToString().Split('/').Last());

        Assert.Equal(204, answers[0].Status);
        Assert.All(answers.Skip(1), a => Assert.True(a.Status is 400 or 409, a.ToString()));
        Assert.NotEmpty(logs.Lines);
        foreach (var pin in new[] { "739184", "5555555", "8316427359", "6182947", "2947316", "4072913", ActivationHarness.DefaultPin })
        {
            // As a token of its own: a PIN's digits may occur by chance inside a GUID, a port or a timestamp.
            var asToken = new System.Text.RegularExpressions.Regex($"(?<![0-9A-Za-z]){pin}(?![0-9A-Za-z])");
            // Azure SDK events are forwarded process-wide, from every test running in parallel, and carry header values
            // such as Content-Length; the SDK never logs bodies (content logging is off). The app's own logs are checked.
            if (logs.Lines.Where(line => !System.Text.RegularExpressions.Regex.IsMatch(line, @"^\w+ Azure\.")).FirstOrDefault(line => asToken.IsMatch(line)) is { } leak)
            {
                Assert.Fail($"PIN {pin} appears in the log: {leak}");
            }

            Assert.DoesNotContain(answers, a => asToken.IsMatch(a.Body));
        }
    }

    [Fact]
    public async Task Logs_and_failures_of_the_voice_platform_never_contain_its_api_key_or_the_pin()
    {
        const string apiKey = "vp-secret-3f9a1c77e2";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var server = builder.Build();
        server.Run(async context =>
        {
            context.Response.StatusCode = context.Request.Path.Value!.EndsWith("/service") ? 400 : 503;
            await context.Response.WriteAsync("""{"title":"refused"}""");
        });
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var logs = new CapturedLogs();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VoicePlatform:BaseUrl"] = address + "/v1",
            ["VoicePlatform:ApiKey"] = apiKey,
            ["VoicePlatform:DefaultPin"] = "4826",
            ["VoicePlatform:MaxRetryAttempts"] = "1",
            ["VoicePlatform:RetryDelay"] = "00:00:00.010",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddActivation(configuration).BuildServiceProvider();
        var platform = services.GetRequiredService<IVoicePlatform>();
        var request = new VoicePlatformRequest("london-bridge", "+442071234500", Guid.NewGuid().ToString());

        var failures = new List<Exception>
        {
            await Assert.ThrowsAnyAsync<Exception>(() => platform.PutIntoServiceAsync(request, default)),
            await Assert.ThrowsAnyAsync<Exception>(() => platform.ResetPinAsync(request, "739184", default)),
        };

        Assert.NotEmpty(logs.Lines);
        foreach (var secret in new[] { apiKey, "739184" })
        {
            var asToken = new System.Text.RegularExpressions.Regex($"(?<![0-9A-Za-z]){secret}(?![0-9A-Za-z])");
            Assert.DoesNotContain(logs.Lines, line => asToken.IsMatch(line));
            Assert.DoesNotContain(failures, e => asToken.IsMatch(e.ToString()));
        }
    }

    [Fact]
    public async Task Logs_never_contain_idempotency_keys_or_principals()
    {
        var logs = new CapturedLogs();
        await using var app = await TestApp.StartAsync(configure: CapturedLogs.Into(logs));
        await new Api(app).SeedAsync();
        const string key = "idem-key-5b0c2d";
        var forbidden = Principals.OperatorOf("elsewhere");

        foreach (var principal in new[] { Principals.OperatorOf(Api.Site), forbidden })
        {
            var request = HttpCall.Request("POST", $"/api/sites/{Api.Site}/phone-numbers/{Api.Number(1)}/allocate", """{"allocateTo":"operator"}""",
                headers: new Dictionary<string, string> { [IdempotentCommands.Header] = key, [TelephonyClaims.PrincipalHeader] = principal });
            await app.Get<SecurityGate>().CallAsync(nameof(PhoneNumberFunctions.AllocatePhoneNumber), request,
                Gate.Values(("siteId", Api.Site), ("number", Api.Number(1))),
                () => app.Function<PhoneNumberFunctions>().AllocatePhoneNumber(request, Api.Site, Api.Number(1), default));
        }

        Assert.Contains(logs.Lines, line => line.Contains("Forbidden", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(key, StringComparison.Ordinal) || line.Contains(forbidden, StringComparison.Ordinal));
    }
}
