using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Telephony.Functions.Security;

/// <summary>
/// Puts <see cref="SecurityGate"/> in front of every HTTP-triggered function. It runs inside the ASP.NET Core
/// integration's own middleware, which executes whatever <see cref="IActionResult"/> the invocation ends with.
/// </summary>
public sealed class SecurityMiddleware(SecurityGate gate) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        InvokeAsync(context.GetHttpContext(), context.FunctionDefinition.Name, context.BindingContext.BindingData,
            async () =>
            {
                await next(context);
                return context.GetInvocationResult().Value;
            },
            result => context.GetInvocationResult().Value = result);

    /// <summary>The invocation, apart from the worker's <see cref="FunctionContext"/> (which only the worker can create).</summary>
    public async Task InvokeAsync(
        HttpContext? http, string functionName, IReadOnlyDictionary<string, object?> bindingData,
        Func<Task<object?>> function, Action<object?> setResult)
    {
        if (http is null || FunctionRoutes.Named(functionName) is not { } route)
        {
            await function();
            return;
        }

        object? returned = null;
        var result = await gate.RunAsync(http, route, bindingData, async () =>
        {
            returned = await function();
            return returned as IActionResult;
        });

        if (result is not null && !ReferenceEquals(result, returned))
        {
            setResult(result);
        }
    }
}
