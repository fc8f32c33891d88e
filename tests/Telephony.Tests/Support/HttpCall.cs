using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Telephony.Tests.Support;

/// <summary>A real ASP.NET Core request for a function, and the response its result writes.</summary>
public static class HttpCall
{
    public static HttpRequest Request(
        string method, string path, string? body = null, string contentType = "application/json",
        IDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        var queryStart = path.IndexOf('?');
        request.Path = queryStart < 0 ? path : path[..queryStart];
        request.QueryString = queryStart < 0 ? QueryString.Empty : new QueryString(path[queryStart..]);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = new StringValues(value);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return request;
    }

    public static async Task<HttpAnswer> ExecuteAsync(this IActionResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, text);
    }
}

public sealed record HttpAnswer(int Status, string? ContentType, IHeaderDictionary Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>The problem-details <c>code</c>, or null when the answer is not a problem.</summary>
    public string? ProblemCode => ContentType == "application/problem+json" ? Json["code"]?.GetValue<string>() : null;

    public override string ToString() => $"{Status} {ContentType} {Body}";
}
