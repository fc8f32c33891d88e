using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telephony.Infrastructure;
using Telephony.Domain.Activation;
using Telephony.Infrastructure.Activation;
using Telephony.Infrastructure.VoicePlatform;

namespace Telephony.Tests.Activation;

/// <summary>The production voice-platform adapter, as the app registers it, against a real HTTP server on loopback.</summary>
public sealed class HttpVoicePlatformTests : IAsyncLifetime
{
    private static readonly VoicePlatformRequest Request = new("london-bridge", "+442071234500", "0193a1b2-0000-7000-8000-000000000001");
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly ConcurrentQueue<RecordedRequest> _received = new();
    private readonly Telephony.Tests.Security.CapturedLogs _logs = new();
    private (int Status, string Reason, string Body)? _refusal;
    private WebApplication _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            _received.Enqueue(new RecordedRequest(
                context.Request.Method, context.Request.Path.Value!, context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            if (_refusal is { } refusal)
            {
                context.Response.StatusCode = refusal.Status;
                context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = refusal.Reason;
                await context.Response.WriteAsync(refusal.Body);
                return;
            }

            context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
            if (context.Response.StatusCode == 400)
            {
                await context.Response.WriteAsync("""{"title":"unknown range"}""");
            }
        });
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VoicePlatform:BaseUrl"] = address + "/v1",
            ["VoicePlatform:ApiKey"] = "test-key",
            ["VoicePlatform:DefaultPin"] = "4826",
            ["VoicePlatform:MaxRetryAttempts"] = "2",
            ["VoicePlatform:RetryDelay"] = "00:00:00.010",
        }).Build();
        _services = new ServiceCollection().AddLogging(logging => logging.AddProvider(_logs)).AddActivation(configuration).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private IVoicePlatform Platform => _services.GetRequiredService<IVoicePlatform>();

    [Fact]
    public void A_configured_base_url_selects_the_http_adapter()
    {
        Assert.IsType<HttpVoicePlatform>(Platform);
    }

    [Fact]
    public async Task Putting_into_service_sends_the_number_the_api_key_and_an_idempotency_key()
    {
        await Platform.PutIntoServiceAsync(Request, default);

        var sent = Assert.Single(_received);
        Assert.Equal("PUT", sent.Method);
        Assert.Equal("/v1/numbers/+442071234500/service", sent.Path);
        Assert.Equal("/v1/numbers/%2B442071234500/service", sent.RawTarget);
        Assert.Equal("test-key", sent.Headers[HttpVoicePlatform.ApiKeyHeader]);
        Assert.Equal(Request.OperationId + ":put-into-service", sent.Headers[HttpVoicePlatform.IdempotencyKeyHeader]);
        Assert.StartsWith("application/json", sent.Headers["Content-Type"]);
        var expected = JsonNode.Parse($$"""{"siteId":"london-bridge","number":"+442071234500","operationId":"{{Request.OperationId}}"}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(sent.Body)), sent.Body);
    }

    [Fact]
    public async Task Deactivation_calls_remove_configuration_reset_the_pin_and_take_out_of_service()
    {
        await Platform.RemoveCustomConfigurationAsync(Request, default);
        await Platform.ResetPinAsync(Request, "4826", default);
        await Platform.TakeOutOfServiceAsync(Request, default);

        var sent = _received.ToArray();
        Assert.Equal(["DELETE /v1/numbers/+442071234500/configuration", "PUT /v1/numbers/+442071234500/voicemail-pin", "DELETE /v1/numbers/+442071234500/service"],
            sent.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("""{"pin":"4826"}""", sent[1].Body);
    }

    [Fact]
    public async Task Configuration_and_pin_changes_are_put_with_the_change_as_idempotency_key()
    {
        await Platform.ApplyConfigurationAsync(Request, new NumberConfiguration("+442079460000", "Acme reception", false, "pbkdf2-sha256$1$x$y"), default);
        await Platform.SetPinAsync(Request, "739184", default);

        var sent = _received.ToArray();
        Assert.Equal(["PUT /v1/numbers/+442071234500/configuration", "PUT /v1/numbers/+442071234500/voicemail-pin"], sent.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal([Request.OperationId + ":configure", Request.OperationId + ":set-pin"], sent.Select(r => r.Headers[HttpVoicePlatform.IdempotencyKeyHeader]));
        var expected = JsonNode.Parse("""{"forwardTo":"+442079460000","callerIdName":"Acme reception","voicemailEnabled":false}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(sent[0].Body)), sent[0].Body); // never the PIN's hash
        Assert.Equal("""{"pin":"739184"}""", sent[1].Body);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_call_succeeds()
    {
        _statuses.Enqueue(503);

        await Platform.PutIntoServiceAsync(Request, default);

        Assert.Equal(2, _received.Count);
    }

    [Fact]
    public async Task A_503_that_lasts_surfaces_as_transient_after_the_retries()
    {
        for (var i = 0; i < 3; i++)
        {
            _statuses.Enqueue(503);
        }

        var failure = await Assert.ThrowsAsync<VoicePlatformException>(() => Platform.PutIntoServiceAsync(Request, default));

        Assert.True(failure.IsTransient);
        Assert.Equal(3, _received.Count);
    }

    [Fact]
    public async Task A_400_is_not_retried_and_surfaces_as_permanent()
    {
        _statuses.Enqueue(400);

        var failure = await Assert.ThrowsAsync<VoicePlatformException>(() => Platform.PutIntoServiceAsync(Request, default));

        Assert.False(failure.IsTransient);
        Assert.Equal("HTTP 400 Bad Request", failure.Message);
        Assert.Single(_received);
    }

    [Fact]
    public async Task A_refusal_keeps_only_the_status_and_a_bounded_reason_and_logs_the_body_without_secrets()
    {
        var reason = "Refused " + new string('x', 500) + "\u0007";
        _refusal = (422, reason, $$"""{"title":"number barred","pinEcho":"4826","key":"test-key","trace":"{{new string('t', 5000)}}"}""");

        var failure = await Assert.ThrowsAsync<VoicePlatformException>(() => Platform.ResetPinAsync(Request, "4826", default));

        Assert.False(failure.IsTransient);
        Assert.StartsWith("HTTP 422 Refused xxx", failure.Message);
        Assert.True(failure.Message.Length <= 80, failure.Message);
        Assert.DoesNotContain("number barred", failure.Message);
        var logged = Assert.Single(_logs.Lines, l => l.Contains("number barred", StringComparison.Ordinal));
        Assert.Contains("ResponseBody=", logged);
        Assert.DoesNotContain("4826", logged);
        Assert.DoesNotContain("test-key", logged);
        Assert.DoesNotContain(new string('t', 5000), logged); // bounded
    }

    [Fact]
    public async Task Removing_what_the_platform_no_longer_has_is_done()
    {
        _statuses.Enqueue(404);

        await Platform.TakeOutOfServiceAsync(Request, default);

        Assert.Single(_received);
    }

    [Fact]
    public async Task An_unreachable_platform_is_a_transient_failure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VoicePlatform:BaseUrl"] = "http://127.0.0.1:1/",
            ["VoicePlatform:MaxRetryAttempts"] = "1",
            ["VoicePlatform:RetryDelay"] = "00:00:00.010",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddActivation(configuration).BuildServiceProvider();

        var failure = await Assert.ThrowsAsync<VoicePlatformException>(() => services.GetRequiredService<IVoicePlatform>().PutIntoServiceAsync(Request, default));

        Assert.True(failure.IsTransient);
    }

    private sealed record RecordedRequest(string Method, string Path, string RawTarget, Dictionary<string, string> Headers, string Body);
}

public sealed class VoicePlatformSelectionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_base_url_the_app_uses_the_simulated_voice_platform(string? baseUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["VoicePlatform:BaseUrl"] = baseUrl }).Build();
        var services = new ServiceCollection().AddActivation(configuration);

        Assert.Contains(services, d => d.ServiceType == typeof(SimulatedVoicePlatform));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(HttpVoicePlatform));
    }

    [Fact]
    public void A_base_url_that_is_not_an_absolute_url_is_refused_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["VoicePlatform:BaseUrl"] = "voice/v1" }).Build();

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new ServiceCollection().AddActivation(configuration));
    }
}
