using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Telephony.Functions.Idempotency;

namespace Telephony.Functions.Security;

/// <summary>An HTTP-triggered function and the route template it is served on.</summary>
/// <param name="KeyInNumberTransaction">Whether the function is a <see cref="OneNumberCommandAttribute">one-number command</see>.</param>
public sealed record FunctionRoute(string FunctionName, string Route, IReadOnlyList<string> Methods, bool KeyInNumberTransaction = false);

/// <summary>The HTTP routes of the app, read once by reflection from the functions' <see cref="HttpTriggerAttribute"/>s.</summary>
public static class FunctionRoutes
{
    private static readonly Lazy<FrozenDictionary<string, FunctionRoute>> ByName = new(() =>
        In(typeof(FunctionRoutes).Assembly).ToFrozenDictionary(r => r.FunctionName, StringComparer.Ordinal));

    public static IReadOnlyList<FunctionRoute> All => ByName.Value.Values;

    /// <returns>Null for a function that is not HTTP-triggered.</returns>
    public static FunctionRoute? Named(string functionName) => ByName.Value.GetValueOrDefault(functionName);

    public static IReadOnlyList<FunctionRoute> In(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().FirstOrDefault(),
                OneNumber: m.IsDefined(typeof(OneNumberCommandAttribute))))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .Select(f => new FunctionRoute(f.Function!.Name, f.Trigger!.Route ?? f.Function.Name,
                (f.Trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).ToList(), f.OneNumber))
            .ToList();
}
