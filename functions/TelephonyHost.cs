using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Telephony.Functions.Security;

namespace Telephony.Functions;

public static class TelephonyHost
{
    /// <summary>
    /// The worker host <c>Program.cs</c> runs. Tests build this same host (without starting it) to prove every function
    /// the metadata lists can be created from the app's own container, which otherwise fails only on the Functions host.
    /// </summary>
    public static IHost Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.ConfigureFunctionsWebApplication();
        // Every HTTP function behind the security gate.
        builder.UseMiddleware<SecurityMiddleware>();
        builder.Services.AddTelephonyApp(builder.Configuration);
        return builder.Build();
    }
}
