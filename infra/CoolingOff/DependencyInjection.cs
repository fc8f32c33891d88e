using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.CoolingOff;

namespace Telephony.Infrastructure.CoolingOff;

public static class DependencyInjection
{
    /// <summary>The cooling-off index and the site directory reconciliation scans, on the app's table.</summary>
    public static IServiceCollection AddCoolingOffStorage(this IServiceCollection services)
    {
        services.AddSingleton<ICoolingOffIndex, TableCoolingOffIndex>();
        services.AddSingleton<ISiteDirectory, TableSiteDirectory>();
        return services;
    }
}
