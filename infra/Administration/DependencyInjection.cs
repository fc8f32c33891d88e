using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Administration;

namespace Telephony.Infrastructure.Administration;

public static class AdministrationStorage
{
    public static IServiceCollection AddAdministrationStorage(this IServiceCollection services) =>
        services.AddSingleton<IRemovedNumberStore, TableRemovedNumberStore>();
}
