using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Functions.Security;
using Telephony.Tests.Support;

namespace Telephony.Web.Tests.Support;

/// <summary>
/// The Functions host's part for the browser tests: every HTTP-triggered function of the app, found by reflection,
/// served on its route template under <c>/api</c>, invoked through <see cref="SecurityMiddleware"/> the way the worker
/// invokes it, with its class created from the app's container.
/// </summary>
public sealed class FunctionEndpoints(TestApp app, DurableTaskClient durable)
{
    private static readonly IReadOnlyList<Endpoint> All = Discover();

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value!["/api".Length..];
        foreach (var endpoint in All)
        {
            var values = new RouteValueDictionary();
            if (endpoint.Methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase) && endpoint.Matcher.TryMatch(path, values))
            {
                await InvokeAsync(endpoint, http, values);
                return;
            }
        }

        http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private async Task InvokeAsync(Endpoint endpoint, HttpContext http, RouteValueDictionary values)
    {
        var bindingData = values.ToDictionary(v => v.Key, v => (object?)Uri.UnescapeDataString(v.Value?.ToString() ?? ""));
        var target = ActivatorUtilities.CreateInstance(app.Services, endpoint.Method.DeclaringType!);
        var arguments = endpoint.Method.GetParameters().Select(p => Argument(p, http, bindingData)).ToArray();

        object? result = null;
        await app.Get<SecurityMiddleware>().InvokeAsync(http, endpoint.FunctionName, bindingData,
            async () =>
            {
                var returned = endpoint.Method.Invoke(target, arguments);
                if (returned is Task task)
                {
                    await task;
                    returned = task.GetType().GetProperty("Result")!.GetValue(task);
                }

                return result = returned;
            },
            replaced => result = replaced);

        await ((IActionResult)result!).ExecuteResultAsync(new ActionContext(http, new RouteData(values), new ActionDescriptor()));
    }

    private object? Argument(ParameterInfo parameter, HttpContext http, IReadOnlyDictionary<string, object?> bindingData) => parameter.ParameterType switch
    {
        var t when t == typeof(HttpRequest) => http.Request,
        var t when t == typeof(DurableTaskClient) => durable,
        var t when t == typeof(CancellationToken) => http.RequestAborted,
        var t when t == typeof(string) && bindingData.TryGetValue(parameter.Name!, out var value) => value,
        _ => throw new NotSupportedException($"The browser tests cannot bind {parameter.Member.Name}'s parameter {parameter.Name}."),
    };

    private static IReadOnlyList<Endpoint> Discover() =>
        FunctionRoutes.All
            .Select(route => new Endpoint(route.FunctionName, route.Methods, MethodOf(route.FunctionName),
                new TemplateMatcher(TemplateParser.Parse(route.Route), new RouteValueDictionary()), Specificity(route.Route)))
            // A literal segment wins over a parameter in the same place (facets, export and bulk before {number}).
            .OrderBy(e => e.Specificity, StringComparer.Ordinal)
            .ToList();

    private static string Specificity(string template) =>
        string.Concat(template.Split('/').Select(segment => segment.StartsWith('{') ? '1' : '0'));

    private static MethodInfo MethodOf(string functionName) =>
        typeof(FunctionRoutes).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == functionName);

    private sealed record Endpoint(string FunctionName, IReadOnlyList<string> Methods, MethodInfo Method, TemplateMatcher Matcher, string Specificity);
}
