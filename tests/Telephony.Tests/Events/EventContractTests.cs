using Telephony.Domain.Events;

namespace Telephony.Tests.Events;

public sealed class EventContractTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void The_asyncapi_document_describes_every_event_type()
    {
        var document = File.ReadAllText(Path.Combine(Root, "docs", "events.asyncapi.yaml"));

        Assert.Contains("asyncapi: 3.0.0", document);
        Assert.Contains("address: phone-number-events", document);
        var missing = PhoneNumberEventTypes.All
            .Where(change => !document.Contains($"name: {PhoneNumberEventTypes.ToCloudEventType(change)}\n", StringComparison.Ordinal)
                          || !document.Contains($"const: {PhoneNumberEventTypes.ToCloudEventType(change)}\n", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, "Not in docs/events.asyncapi.yaml: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_asyncapi_document_names_the_properties_consumers_filter_on()
    {
        var document = File.ReadAllText(Path.Combine(Root, "docs", "events.asyncapi.yaml"));

        foreach (var property in new[] { "MessageId:", "Subject:", "ContentType:", "CorrelationId:", "SessionId:", "siteId:", "number:", "status:", "organizationId:", "sequence:", "actortype:", "actorname:" })
        {
            Assert.Contains(property, document);
        }
    }

    [Fact]
    public void The_deployment_sets_the_sweep_and_reconciliation_schedules_the_timers_read()
    {
        var functionApp = File.ReadAllText(Path.Combine(Root, "infra", "deploy", "modules", "functionapp.bicep"));

        Assert.Contains("EventSweepSchedule: '0 */1 * * * *'", functionApp);
        Assert.Contains("EventReconcileSchedule: '0 */10 * * * *'", functionApp);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Telephony.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with Telephony.sln) is not above " + AppContext.BaseDirectory);
    }
}
