using System.Text.Json.Nodes;
using Telephony.Tests.Support;

namespace Telephony.Tests.Telemetry;

/// <summary>The Functions host's own log levels in host.json, as a deployed app runs with them.</summary>
public sealed class HostLogLevelTests
{
    private static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    private static JsonNode LogLevels() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!["logging"]!["logLevel"]!;

    [Theory]
    [InlineData("default")]
    [InlineData("Function")] // "Executing 'Functions.X'" and "Executed 'Functions.X'" on every invocation
    [InlineData("Host.Results")]
    [InlineData("DurableTask.AzureStorage")]
    [InlineData("DurableTask.Core")]
    public void The_host_does_not_log_every_invocation_or_queue_poll_at_information(string category)
    {
        var level = LogLevels()[category]?.GetValue<string>();

        Assert.NotNull(level);
        Assert.True(Array.IndexOf(Levels, level) >= Array.IndexOf(Levels, "Warning"), $"{category} logs at {level}");
    }
}
