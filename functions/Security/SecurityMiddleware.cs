using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Telephony.Functions.Http;

namespace Telephony.Functions.Security;

// An escaping exception becomes problem details here: the ASP.NET Core integration would otherwise answer an empty 500.
public sealed class SecurityMiddleware(SecurityGate gate, ILogger<SecurityMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        InvokeAsync(context.GetHttpContext(), context.FunctionDefinition.Name, context.BindingContext.BindingData,
            async () =>
            {
                await next(context);
                return context.GetInvocationResult().Value;
            },
            result => context.GetInvocationResult().Value = result);

    // FunctionContext only the worker can create.
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
        IActionResult? result;
        try
        {
            result = await gate.RunAsync(http, route, bindingData, async () =>
            {
                returned = await function();
                return returned as IActionResult;
            });
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            var problem = Problems.ForFault(e, http.Request);
            if (problem.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                logger.LogWarning(e, "{Function} answered 503: storage or Service Bus is unavailable", functionName);
            }
            else
            {
                logger.LogError(e, "{Function} failed unexpectedly (trace {TraceId})", functionName, ((ProblemBody)problem.Value!).TraceId);
            }

            setResult(problem);
            return;
        }

        if (result is not null && !ReferenceEquals(result, returned))
        {
            setResult(result);
        }
    }
}
