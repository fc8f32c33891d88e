using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Infrastructure;
using Telephony.Domain.Activation;
using Telephony.Infrastructure.Activation;
using Telephony.Infrastructure.VoicePlatform;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

/// <summary>
/// Issue 16: a crashed host's operations resume within a minute, and no voice-platform call outlives the work-item
/// visibility time-out (or its step would run twice while it is still running).
/// </summary>
public sealed class CrashRecoverySettingsTests
{
    /// <summary>An activity reads and writes storage around its platform call: the call gets the rest.</summary>
    private static readonly TimeSpan StorageMargin = TimeSpan.FromSeconds(5);

    private static readonly Lazy<JsonNode> StorageProvider = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!["extensions"]!["durableTask"]!["storageProvider"]!);

    private static TimeSpan Setting(string name) => TimeSpan.Parse(StorageProvider.Value[name]!.GetValue<string>());

    [Fact]
    public void The_durable_visibility_time_outs_let_a_crashed_host_resume_within_a_minute()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Setting("workItemQueueVisibilityTimeout"));
        // The Azure Storage provider refuses to start with a control-queue value outside 1-60 minutes.
        Assert.Equal(TimeSpan.FromMinutes(1), Setting("controlQueueVisibilityTimeout"));
        // A message waits at most one polling interval per queue (control, then work item) after a quiet spell.
        Assert.True(Setting("maxQueuePollingInterval") * 2 <= TimeSpan.FromSeconds(2), "an activation starts within about 2 s");
    }

    [Fact]
    public void Each_voice_platform_call_with_its_retries_ends_before_the_work_item_visibility_time_out()
    {
        var options = new VoicePlatformOptions();
        var pipeline = HttpPipelineOptions(new Dictionary<string, string?>());

        Assert.Equal(options.TotalTimeout, pipeline.TotalRequestTimeout.Timeout);
        Assert.Equal(options.AttemptTimeout, pipeline.AttemptTimeout.Timeout);
        var everyAttemptTimingOut = pipeline.AttemptTimeout.Timeout * (pipeline.Retry.MaxRetryAttempts + 1) + pipeline.Retry.Delay * pipeline.Retry.MaxRetryAttempts;
        Assert.Equal(Polly.DelayBackoffType.Constant, pipeline.Retry.BackoffType);
        Assert.False(pipeline.Retry.UseJitter);
        Assert.True(everyAttemptTimingOut <= pipeline.TotalRequestTimeout.Timeout,
            $"{pipeline.Retry.MaxRetryAttempts + 1} attempts of {pipeline.AttemptTimeout.Timeout} fit the total {pipeline.TotalRequestTimeout.Timeout}");
        Assert.True(pipeline.TotalRequestTimeout.Timeout + StorageMargin <= Setting("workItemQueueVisibilityTimeout"),
            $"the total {pipeline.TotalRequestTimeout.Timeout} ends before the work-item visibility time-out");
    }

    [Fact]
    public void Attempts_and_retries_that_do_not_fit_the_total_time_out_stop_the_app_at_start_up()
    {
        var services = new ServiceCollection().AddLogging().AddActivation(Configuration(new Dictionary<string, string?>
        {
            ["VoicePlatform:AttemptTimeout"] = "00:00:10",
            ["VoicePlatform:MaxRetryAttempts"] = "3",
        })).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VoicePlatformOptions>>().Value);

        Assert.Contains("VoicePlatform__TotalTimeout", refused.Message);
    }

    [Fact]
    public async Task A_platform_that_never_answers_is_given_up_within_the_total_time_out()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var server = builder.Build();
        server.Run(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var services = new ServiceCollection().AddLogging().AddActivation(Configuration(new Dictionary<string, string?>
        {
            ["VoicePlatform:BaseUrl"] = address + "/v1",
            ["VoicePlatform:AttemptTimeout"] = "00:00:01",
            ["VoicePlatform:MaxRetryAttempts"] = "1",
            ["VoicePlatform:RetryDelay"] = "00:00:00.010",
            ["VoicePlatform:TotalTimeout"] = "00:00:02.500",
        })).BuildServiceProvider();
        var platform = services.GetRequiredService<IVoicePlatform>();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<VoicePlatformException>(() =>
            platform.PutIntoServiceAsync(new VoicePlatformRequest("london-bridge", "+442071234500", Guid.NewGuid().ToString()), default));

        Assert.True(failure.IsTransient);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3.5)); // two attempts of 1 s, within 2.5 s
    }

    private static HttpStandardResilienceOptions HttpPipelineOptions(Dictionary<string, string?> settings)
    {
        settings["VoicePlatform:BaseUrl"] = "https://voice.example.net/v1/";
        using var services = new ServiceCollection().AddLogging().AddActivation(Configuration(settings)).BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get($"{nameof(IVoicePlatform)}-standard");
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings)
    {
        settings["VoicePlatform:DefaultPin"] = "4826";
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
