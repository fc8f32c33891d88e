using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Activation;
using Telephony.Domain.Administration;
using Telephony.Domain.Assignment;
using Telephony.Domain.Bulk;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Provisioning;
using Telephony.Domain.Sites;

namespace Telephony.Domain;

public static class DependencyInjection
{
    // Their ports are registered by infra/.
    public static IServiceCollection AddTelephonyDomain(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<NumberLookup>();
        services.AddSingleton<NumberCommandSteps>();
        services.AddSingleton<AllocateHandler>();
        services.AddSingleton<DeallocateHandler>();
        services.AddSingleton<PhoneNumberQueries>();
        services.AddSingleton<NumberProvisioning>();
        services.AddSingleton<OccupierAdministration>();
        services.AddSingleton<SiteSettingsAdministration>();
        services.AddSingleton<SiteQueries>();
        services.AddSingleton<SiteRegistryReconciliation>();

        services.AddSingleton<CoolingOffRelease>();
        services.AddSingleton<CoolingOffReconciliation>();
        services.AddSingleton<CoolingOffAdministration>();

        services.AddSingleton<ActivationCommands>();
        services.AddSingleton<ActivationStepRunner>();
        services.AddSingleton<PendingWatchdog>();
        services.AddSingleton<NumberConfigurationCommands>();
        services.AddSingleton<AssignmentCommands>();

        services.AddSingleton<NumberAdministration>();
        services.AddSingleton<VoiceServiceAllocation>();
        services.AddSingleton<BulkCommands>();
        return services;
    }
}
