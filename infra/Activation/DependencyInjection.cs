using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Telephony.Domain.Activation;
using Telephony.Infrastructure.Configuration;
using Telephony.Infrastructure.VoicePlatform;

namespace Telephony.Infrastructure.Activation;

public static class ActivationInfrastructure
{
    /// <summary>
    /// The ports of activation: configuration rows, the PENDING query and the voice platform (its HTTP API when
    /// <c>VoicePlatform:BaseUrl</c> is set, else the simulated one on Table Storage).
    /// </summary>
    public static IServiceCollection AddActivation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DefaultPinOptions>().Bind(configuration.GetSection(DefaultPinOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ActivationOptions>().Bind(configuration.GetSection(ActivationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VoicePlatformOptions>().Bind(configuration.GetSection(VoicePlatformOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DefaultPinOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ActivationOptions>>().Value);

        services.AddSingleton<INumberConfigurationStore, TableNumberConfigurationStore>();
        services.AddSingleton<IPendingNumberQuery, TablePendingNumberQuery>();

        var platform = configuration.GetSection(VoicePlatformOptions.SectionName).Get<VoicePlatformOptions>() ?? new VoicePlatformOptions();
        if (string.IsNullOrWhiteSpace(platform.BaseUrl))
        {
            services.AddSingleton<SimulatedVoicePlatform>();
            services.AddSingleton<IVoicePlatform>(sp => sp.GetRequiredService<SimulatedVoicePlatform>());
            services.AddHostedService<SimulatedVoicePlatformNotice>();
            return services;
        }

        // Checked here, not on start: the HTTP client below is built from it.
        if (!SettingsValidation.IsServiceUrl(platform.BaseUrl))
        {
            throw new OptionsValidationException(VoicePlatformOptions.SectionName, typeof(VoicePlatformOptions),
                [$"'VoicePlatform__BaseUrl' ('{platform.BaseUrl}') is not an absolute https URL (http only on localhost); leave it empty to use the simulated voice platform."]);
        }

        var baseUrl = new Uri(platform.BaseUrl);

        services.AddHttpClient<IVoicePlatform, HttpVoicePlatform>(client =>
            {
                // A relative path must extend the base URL, not replace its last segment.
                client.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
                if (!string.IsNullOrEmpty(platform.ApiKey))
                {
                    client.DefaultRequestHeaders.Add(HttpVoicePlatform.ApiKeyHeader, platform.ApiKey);
                }
            })
            .AddStandardResilienceHandler(resilience =>
            {
                // Bounded by TotalTimeout, below the work-item visibility time-out (docs/activation.md, "Crash recovery").
                resilience.Retry.MaxRetryAttempts = platform.EffectiveRetryAttempts;
                resilience.Retry.BackoffType = DelayBackoffType.Constant;
                resilience.Retry.UseJitter = false;
                resilience.Retry.Delay = platform.RetryDelay;
                resilience.AttemptTimeout.Timeout = platform.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = platform.TotalTimeout;
                resilience.CircuitBreaker.SamplingDuration = platform.AttemptTimeout * 2;
            });
        return services;
    }

    /// <summary>Says at start-up that no real voice platform is configured, so nobody mistakes the simulation for it.</summary>
    private sealed class SimulatedVoicePlatformNotice(ILogger<SimulatedVoicePlatform> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("VoicePlatform:BaseUrl is not set: numbers are activated on the built-in simulated voice platform (Table Storage), not a real one");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
