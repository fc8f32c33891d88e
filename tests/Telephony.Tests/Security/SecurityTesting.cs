using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telephony.Functions.Idempotency;
using Telephony.Functions.Security;
using Telephony.Infrastructure.Idempotency;
using Telephony.Infrastructure.Tables;
using Telephony.Tests.Support;

namespace Telephony.Tests.Security;

/// <summary>X-MS-CLIENT-PRINCIPAL headers as App Service Authentication sends them.</summary>
public static class Principals
{
    public static string Header(params (string Type, string Value)[] claims) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            claims = claims.Select(c => new { typ = c.Type, val = c.Value })
                .Prepend(new { typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", val = "someone@example.com" }),
        })));

    public const string RoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    public static string PlatformAdmin() => Header((RoleType, TelephonyClaims.PlatformAdmin));

    public static string OperatorOf(params string[] sites) =>
        Header(sites.Select(s => (TelephonyClaims.Site, s)).Prepend((RoleType, TelephonyClaims.Operator)).ToArray());

    /// <summary>The principal as Static Web Apps forwards it: roles, no claims; an operator's sites as <c>site:{id}</c> roles.</summary>
    public static string StaticWebApps(string user, params string[] roles) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            identityProvider = "aad",
            userId = "d5e0a2f4c6b94d1e8f3a7b2c9e4d6f10",
            userDetails = user,
            userRoles = roles.Prepend("authenticated").Prepend("anonymous"),
        })));

    public static string StaticWebAppsOperatorOf(params string[] sites) =>
        StaticWebApps("operator@example.com", sites.Select(s => TelephonyClaims.SiteRolePrefix + s).Prepend(TelephonyClaims.Operator).ToArray());

    public static Dictionary<string, string> As(string? principal, IDictionary<string, string>? more = null)
    {
        var headers = new Dictionary<string, string>(more ?? new Dictionary<string, string>());
        if (principal is not null)
        {
            headers[TelephonyClaims.PrincipalHeader] = principal;
        }

        return headers;
    }
}

/// <summary>Calls a function through <see cref="SecurityGate"/>, as <see cref="SecurityMiddleware"/> does in the worker.</summary>
public static class Gate
{
    /// <summary>A gate without storage (for requests that carry no Idempotency-Key) and without a development principal.</summary>
    public static SecurityGate WithoutStorage(string? developmentPrincipal = null) =>
        WithoutStorage(new SecurityOptions { DevelopmentPrincipal = developmentPrincipal });

    public static SecurityGate WithoutStorage(SecurityOptions settings)
    {
        var options = Options.Create(settings);
        var table = new TelephonyTable(new TableServiceClient("UseDevelopmentStorage=true"), Options.Create(new TableStorageOptions()));
        return new SecurityGate(new IdempotentCommands(new TableIdempotencyStore(table), options, TimeProvider.System), options, NullLogger<SecurityGate>.Instance);
    }

    public static async Task<HttpAnswer> CallAsync(
        this SecurityGate gate, string functionName, HttpRequest request, IReadOnlyDictionary<string, object?> routeValues, Func<Task<IActionResult>> function)
    {
        var route = FunctionRoutes.Named(functionName) ?? throw new ArgumentException($"No HTTP function {functionName}.");
        var result = await gate.RunAsync(request.HttpContext, route, routeValues, async () => await function());
        return await result!.ExecuteAsync(request);
    }

    public static IReadOnlyDictionary<string, object?> Values(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => (object?)v.Value);
}

/// <summary>Every log message written, to assert what never appears in them.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public static Action<IServiceCollection> Into(CapturedLogs logs) =>
        services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lock (logs._lines)
            {
                logs._lines.Add($"{logLevel} {category}: {formatter(state, exception)} {properties} {exception}");
            }
        }
    }
}
