using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Bulk;

namespace Telephony.Domain.Administration;

public static class AdministrationRegistration
{
    /// <summary>Main numbers, locks, removal, voice services and bulk commands. Their port (<see cref="IRemovedNumberStore"/>) is registered by infra/.</summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddSingleton<NumberAdministration>();
        services.AddSingleton<VoiceServiceAllocation>();
        services.AddSingleton<BulkCommands>();
        return services;
    }
}
