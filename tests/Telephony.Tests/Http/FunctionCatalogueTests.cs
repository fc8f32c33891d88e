using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Telephony.Functions;
using Telephony.Tests.Support;

namespace Telephony.Tests.Http;

/// <summary>Every route of the spec is served. What the host itself would refuse is checked in Hosting/FunctionsMetadataTests.</summary>
public sealed class FunctionCatalogueTests
{
    private static readonly Type[] FunctionClasses = typeof(TelephonyHost).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .ToArray();

    [Theory]
    [InlineData("get", "sites/{siteId}/phone-numbers")]
    [InlineData("get", "sites/{siteId}/phone-numbers/facets")]
    [InlineData("get", "sites/{siteId}/phone-numbers/export")]
    [InlineData("get", "sites/{siteId}/phone-numbers/{number}")]
    [InlineData("post", "sites/{siteId}/phone-numbers/{number}/allocate")]
    [InlineData("post", "sites/{siteId}/phone-numbers/{number}/deallocate")]
    [InlineData("post", "platform/sites/{siteId}/phone-numbers/import")]
    [InlineData("put", "platform/sites/{siteId}/occupiers/{occupierId}")]
    [InlineData("put", "platform/sites/{siteId}/settings")]
    [InlineData("put", "platform/sites/{siteId}/phone-numbers/{number}/main-number")]
    [InlineData("delete", "platform/sites/{siteId}/phone-numbers/{number}/main-number")]
    [InlineData("put", "platform/sites/{siteId}/phone-numbers/{number}/lock")]
    [InlineData("delete", "platform/sites/{siteId}/phone-numbers/{number}/lock")]
    [InlineData("delete", "platform/sites/{siteId}/phone-numbers/{number}")]
    [InlineData("put", "sites/{siteId}/organizations/{organizationId}/voice-services")]
    [InlineData("post", "sites/{siteId}/phone-numbers/bulk")]
    [InlineData("get", "me")]
    [InlineData("get", "sites")]
    [InlineData("get", "sites/{siteId}")]
    [InlineData("get", "sites/{siteId}/organizations")]
    [InlineData("get", "sites/{siteId}/organizations/{organizationId}")]
    [InlineData("get", "sites/{siteId}/overview")]
    [InlineData("get", "sites/{siteId}/activity")]
    public void The_spec_routes_are_served(string method, string route)
    {
        var triggers = FunctionClasses
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>();

        Assert.Contains(triggers, t => t.Route == route && t.Methods!.Contains(method));
    }
}
