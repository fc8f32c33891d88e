using System.Text.RegularExpressions;

namespace Telephony.Tests.Hosting;

/// <summary>
/// The checks the Azure Functions host (4.x) applies when it loads <c>functions.metadata</c> and maps HTTP routes. A
/// function that breaks one is dropped or never reached at start-up, silently at information level, and nothing in a
/// build or a unit test notices. Each rule names the host source it is taken from (Azure/azure-functions-host, dev,
/// and Azure/azure-webjobs-sdk). Returns one line per violation.
/// </summary>
public static partial class HostLoadRules
{
    public static IEnumerable<string> Violations(IReadOnlyList<MetadataFunction> functions, ISet<string> localSettings, ISet<string> deployedSettings) =>
        ReservedRoutes(functions)
            .Concat(InvalidOrDuplicateNames(functions))
            .Concat(ConflictingRoutes(functions))
            .Concat(ShadowedRoutes(functions))
            .Concat(UnresolvedSettings(functions, localSettings, "functions/local.settings.json.example"))
            .Concat(UnresolvedSettings(functions, deployedSettings, "the deployment's app settings"));

    /// <summary>
    /// src/WebJobs.Script/Host/ScriptHost.cs, <c>ValidateHttpFunction</c>: a route whose trimmed, lower-cased template
    /// starts with "admin" or "runtime" (the host's own API), whatever the route prefix, fails with "The specified route
    /// conflicts with one or more built in routes." (so "administration/…" is refused too).
    /// </summary>
    public static IEnumerable<string> ReservedRoutes(IEnumerable<MetadataFunction> functions) =>
        from f in functions
        where f.IsHttp
        let route = RouteOf(f).ToLowerInvariant()
        where route.StartsWith("admin", StringComparison.Ordinal) || route.StartsWith("runtime", StringComparison.Ordinal)
        select $"{f.Name}: route '{f.Route}' starts with a name the host reserves for its own routes (admin, runtime)";

    /// <summary>
    /// src/WebJobs.Script/Host/ScriptHost.cs, <c>ValidateFunction</c>: "The function or proxy name '…' must be unique
    /// within the function app."; src/WebJobs.Script/Utility.cs, <c>FunctionNameValidationRegex</c>: a letter, then up to
    /// 127 letters, digits, '_' or '-', and not "host".
    /// </summary>
    public static IEnumerable<string> InvalidOrDuplicateNames(IEnumerable<MetadataFunction> functions) =>
        functions.Where(f => !ValidName().IsMatch(f.Name)).Select(f => $"{f.Name}: not a valid function name")
            .Concat(functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"{g.Key}: {g.Count()} functions share this name"));

    /// <summary>
    /// src/WebJobs.Script/Host/ScriptHost.cs, <c>HttpRoutesConflict</c>: two functions with the same template (trimmed,
    /// compared ignoring case) and intersecting methods (no methods = every method) — the second is refused with "The
    /// route specified conflicts with the route defined by function '…'."
    /// </summary>
    public static IEnumerable<string> ConflictingRoutes(IReadOnlyList<MetadataFunction> functions)
    {
        var http = functions.Where(f => f.IsHttp).ToList();
        for (var i = 0; i < http.Count; i++)
        {
            for (var j = i + 1; j < http.Count; j++)
            {
                if (string.Equals(RouteOf(http[i]), RouteOf(http[j]), StringComparison.OrdinalIgnoreCase) && MethodsIntersect(http[i], http[j]))
                {
                    yield return $"{http[j].Name}: route '{http[j].Route}' with {string.Join(",", http[j].Methods)} is also {http[i].Name}'s";
                }
            }
        }
    }

    /// <summary>
    /// src/WebJobs.Script/Host/FunctionMetadataManager.cs returns the functions ordered by name
    /// (<c>OrderBy(f =&gt; f.Name, StringComparer.OrdinalIgnoreCase)</c>), and
    /// src/WebJobs.Script.WebHost/WebScriptHostHttpRoutesManager.cs maps their routes in that order into one route
    /// collection, where the first route that matches a request wins (azure-functions-host#9876). So a function whose
    /// template has a parameter where a later function's has a literal (<c>…/{number}</c> before <c>…/facets</c>) takes
    /// the later function's requests.
    /// </summary>
    public static IEnumerable<string> ShadowedRoutes(IReadOnlyList<MetadataFunction> functions)
    {
        var inHostOrder = functions.Where(f => f.IsHttp).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
        for (var i = 0; i < inHostOrder.Count; i++)
        {
            for (var j = i + 1; j < inHostOrder.Count; j++)
            {
                var (earlier, later) = (inHostOrder[i], inHostOrder[j]);
                if (MethodsIntersect(earlier, later) && TakesRequestsOf(RouteOf(earlier), RouteOf(later)))
                {
                    yield return $"{later.Name} ({later.Route}) is shadowed by {earlier.Name} ({earlier.Route}), which the host maps first: rename so that {later.Name} sorts first";
                }
            }
        }
    }

    /// <summary>
    /// Azure/azure-webjobs-sdk, src/Microsoft.Azure.WebJobs.Host/NameResolverExtensions.cs, <c>ResolveWholeString</c>:
    /// a <c>%Name%</c> in a binding that no app setting resolves puts the function in error ("'%Name%' does not resolve
    /// to a value."), and the host starts without it.
    /// </summary>
    public static IEnumerable<string> UnresolvedSettings(IEnumerable<MetadataFunction> functions, ISet<string> settings, string where) =>
        from f in functions
        from name in f.SettingNames
        where !settings.Contains(name)
        select $"{f.Name}: '%{name}%' is not set in {where}";

    private static string RouteOf(MetadataFunction f) => (string.IsNullOrWhiteSpace(f.Route) ? f.Name : f.Route).Trim('/');

    private static bool MethodsIntersect(MetadataFunction a, MetadataFunction b) =>
        a.Methods.Count == 0 || b.Methods.Count == 0 || a.Methods.Intersect(b.Methods, StringComparer.OrdinalIgnoreCase).Any();

    /// <summary>Whether some request meant for <paramref name="later"/> also matches <paramref name="earlier"/>.</summary>
    private static bool TakesRequestsOf(string earlier, string later)
    {
        var e = earlier.Split('/');
        var l = later.Split('/');
        if (e.Length != l.Length)
        {
            return false;
        }

        var overlap = e.Zip(l).All(p => IsParameter(p.First) || IsParameter(p.Second) || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
        var earlierIsWiderSomewhere = e.Zip(l).Any(p => IsParameter(p.First) && !IsParameter(p.Second));
        return overlap && earlierIsWiderSomewhere;
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
