using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Administration;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.Activation;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Provisioning;
using Telephony.Domain.Sites;

namespace Telephony.Domain;

public static class DependencyInjection
{
    /// <summary>The application operations. Their ports (stores) are registered by infra/.</summary>
    public static IServiceCollection AddTelephonyDomain(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<NumberLookup>();
        services.AddSingleton<PhoneNumberCommands>();
        services.AddSingleton<PhoneNumberQueries>();
        services.AddSingleton<NumberProvisioning>();
        services.AddSingleton<Occupiers>();
        services.AddSingleton<SiteSettings>();
        services.AddSingleton<SiteQueries>();
        services.AddSingleton<SiteRegistryReconciliation>();
        services.AddCoolingOff();
        services.AddActivation();
        services.AddAdministration();
        return services;
    }
}
