using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Telephony.Functions.Security;

namespace Telephony.Functions;

public static class TelephonyHost
{
    // Tests build this same host (without starting it) to prove every listed function can be created from the app's
    // container, which otherwise fails only on the Functions host.
    public static IHost Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<SecurityMiddleware>();
        builder.Services.AddTelephonyApp(builder.Configuration);
        return builder.Build();
    }
}
