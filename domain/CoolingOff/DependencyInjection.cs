using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Domain.CoolingOff;

public static class DependencyInjection
{
    /// <summary>The cooling-off operations. Their ports (<see cref="ICoolingOffIndex"/>, <see cref="ISiteDirectory"/>) are registered by infra/.</summary>
    public static IServiceCollection AddCoolingOff(this IServiceCollection services)
    {
        services.AddSingleton<CoolingOffRelease>();
        services.AddSingleton<CoolingOffReconciliation>();
        services.AddSingleton<CoolingOffAdministration>();
        return services;
    }
}
