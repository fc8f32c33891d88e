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
    /// <summary>The application operations. Their ports (stores, index, voice platform) are registered by infra/.</summary>
    public static IServiceCollection AddTelephonyDomain(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);

        // Phone numbers, organizations and sites.
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

        // Cooling-off: the release, its reconciliation and the administrator's overrides.
        services.AddSingleton<CoolingOffRelease>();
        services.AddSingleton<CoolingOffReconciliation>();
        services.AddSingleton<CoolingOffAdministration>();

        // Activation, deactivation, configuration and assignment.
        services.AddSingleton<ActivationCommands>();
        services.AddSingleton<ActivationStepRunner>();
        services.AddSingleton<PendingWatchdog>();
        services.AddSingleton<NumberConfigurationCommands>();
        services.AddSingleton<AssignmentCommands>();

        // Administration: main numbers, locks, removal, voice services and bulk commands.
        services.AddSingleton<NumberAdministration>();
        services.AddSingleton<VoiceServiceAllocation>();
        services.AddSingleton<BulkCommands>();
        return services;
    }
}
