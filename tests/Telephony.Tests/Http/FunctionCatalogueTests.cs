using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Telephony.Functions;
using Telephony.Tests.Support;

namespace Telephony.Tests.Http;

/// <summary>What the Functions host will find: every function class resolves from the app's own container, every route is the spec's.</summary>
public sealed class FunctionCatalogueTests
{
    private static readonly Type[] FunctionClasses = typeof(AppServices).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .ToArray();

    [Fact]
    public async Task Every_function_class_resolves_from_the_apps_own_registrations()
    {
        await using var app = await TestApp.StartAsync();

        Assert.NotEmpty(FunctionClasses);
        Assert.All(FunctionClasses, type => Assert.NotNull(Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(app.Services, type)));
    }

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

    [Fact]
    public void A_literal_route_is_tried_before_a_parameter_route_that_would_also_match_it()
    {
        // The Functions host tries routes in the ordinal order of function names (azure-functions-host#9876).
        var routes = FunctionClasses
            .SelectMany(t => t.GetMethods())
            .Select(m => (Name: m.GetCustomAttribute<FunctionAttribute>()?.Name, Trigger: m.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().FirstOrDefault()))
            .Where(r => r.Name is not null && r.Trigger?.Route is not null)
            .ToList();

        foreach (var literal in routes)
        {
            foreach (var parameter in routes.Where(p => p != literal && Shadows(p.Trigger!.Route!, literal.Trigger!.Route!)
                && p.Trigger.Methods!.Intersect(literal.Trigger.Methods!).Any()))
            {
                Assert.True(string.CompareOrdinal(literal.Name, parameter.Name) < 0,
                    $"{literal.Name} ({literal.Trigger!.Route}) must sort before {parameter.Name} ({parameter.Trigger!.Route}).");
            }
        }
    }

    /// <summary>Whether <paramref name="general"/> matches every path <paramref name="specific"/> matches.</summary>
    private static bool Shadows(string general, string specific)
    {
        var g = general.Split('/');
        var s = specific.Split('/');
        return g.Length == s.Length && !g.SequenceEqual(s)
            && g.Zip(s).All(pair => pair.First == pair.Second || (pair.First.StartsWith('{') && !pair.Second.StartsWith('{')));
    }
}
