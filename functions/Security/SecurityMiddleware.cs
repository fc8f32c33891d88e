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
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null || FunctionRoutes.Named(context.FunctionDefinition.Name) is not { } route)
        {
            await next(context);
            return;
        }

        var result = await gate.RunAsync(http, route, context.BindingContext.BindingData, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value as IActionResult;
        });

        if (result is not null && !ReferenceEquals(result, context.GetInvocationResult().Value))
        {
            context.GetInvocationResult().Value = result;
        }
    }
}
