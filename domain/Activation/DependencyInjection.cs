using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Assignment;

namespace Telephony.Domain.Activation;

public static class ActivationRegistration
{
    /// <summary>Activation, deactivation, configuration and assignment. Their ports are registered by infra/.</summary>
    public static IServiceCollection AddActivation(this IServiceCollection services)
    {
        services.AddSingleton<ActivationCommands>();
        services.AddSingleton<ActivationSteps>();
        services.AddSingleton<PendingWatchdog>();
        services.AddSingleton<NumberConfigurations>();
        services.AddSingleton<AssignmentCommands>();
        return services;
    }
}
