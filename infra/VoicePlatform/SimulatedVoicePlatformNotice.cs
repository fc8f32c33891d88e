using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telephony.Infrastructure.VoicePlatform;

// So nobody mistakes the simulation for a real voice platform.
internal sealed class SimulatedVoicePlatformNotice(ILogger<SimulatedVoicePlatform> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("VoicePlatform:BaseUrl is not set: numbers are activated on the built-in simulated voice platform (Table Storage), not a real one");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
