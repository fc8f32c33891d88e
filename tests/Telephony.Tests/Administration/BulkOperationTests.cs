using System.Text.Json;
using Microsoft.DurableTask.Client;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Tests.Administration;

public sealed class BulkOperationTests : IAsyncLifetime
{
    private ActivationHarness _harness = null!;

    private TestApp App => _harness.App;

    private Api Api => _harness.Api;

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync(ScriptedVoicePlatform.Install);
        await Api.SeedAsync(count: 80);
        Assert.Equal(200, (await Api.PutOccupierAsync(Api.Site, "acme", """{"name":"Acme Ltd","voiceServices":50}""")).Status);
    }

    public async Task DisposeAsync()
    {
        Platform.PutGate?.TrySetResult();
        await _harness.DisposeAsync();
    }

    private ScriptedVoicePlatform Platform => App.Get<ScriptedVoicePlatform>();

    [Fact]
    public async Task Two_hundred_mixed_operations_each_get_their_own_outcome_and_the_state_matches()
    {
        var operations = new List<(object Operation, string Outcome, string? Code)>();
        void Add(IEnumerable<int> numbers, Func<string, object> operation, string outcome, string? code = null) =>
            operations.AddRange(numbers.Select(i => (operation(Api.Number(i)), outcome, code)));

        var r = Enumerable.Range;
        Add(r(0, 40), n => new { action = "allocate", number = n, allocateTo = "occupier", occupierId = "acme" }, "done");
        Add(r(0, 40), n => new { action = "allocate", number = n, allocateTo = "operator" }, "refused", "not-available");
        Add(r(40, 20), n => new { action = "deallocate", number = n }, "refused", "not-reserved");
        Add(r(0, 20), n => new { action = "deallocate", number = n }, "done");
        Add(r(20, 10), n => new { action = "activate", number = n }, "started");
        Add(r(20, 10), n => new { action = "deactivate", number = n }, "refused", "update-in-progress");
        Add(r(30, 5), n => new { action = "assign", number = n, userId = "jo", displayName = "Jo" }, "refused", "not-active");
        Add(r(35, 5), n => new { action = "unassign", number = n }, "refused", "not-active");
        Add(r(40, 10), n => new { action = "allocate", number = n, allocateTo = "occupier", occupierId = "nobody" }, "refused", "occupier-not-found");
        Add(r(50, 10), n => new { action = "allocate", number = n, allocateTo = "operator" }, "done");
        Add(r(60, 5), n => new { action = "explode", number = n }, "refused", "invalid-request");
        Add(r(60, 5), n => new { action = "allocate", number = n, allocateTo = "operator", userId = "jo" }, "refused", "invalid-request");
        Add(r(75, 5), n => new { action = "deallocate", number = n }, "refused", "not-reserved");
        Add(r(65, 15), n => new { action = "allocate", number = n.Replace("+44", "0"), allocateTo = "operator" }, "done");
        Assert.Equal(200, operations.Count);
        // Activations wait on the voice platform until the answer is in, so their numbers are still PENDING for the deactivations.
        Platform.PutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var answer = await App.BulkAsync(_harness.Client, JsonSerializer.Serialize(new { operations = operations.Select(o => o.Operation) }));

        Assert.Equal(200, answer.Status);
        var results = answer.Json["results"]!.AsArray();
        Assert.Equal(200, results.Count);
        for (var i = 0; i < operations.Count; i++)
        {
            var result = results[i]!;
            var expected = operations[i];
            Assert.True(expected.Outcome == result["outcome"]!.GetValue<string>() && expected.Code == result["code"]?.GetValue<string>(),
                $"Operation {i} ({JsonSerializer.Serialize(expected.Operation)}): {result.ToJsonString()}");
            Assert.Equal(expected.Outcome == "started", result["operationId"] is not null);
        }

        Platform.PutGate.SetResult();
        foreach (var started in results.Where(x => x!["outcome"]!.GetValue<string>() == "started"))
        {
            var instance = await _harness.WaitForOperationAsync(started!["operationId"]!.GetValue<string>());
            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        }

        var statuses = (await Api.ListAsync(Api.Site, "?pageSize=1000")).Json["items"]!.AsArray()
            .ToDictionary(n => n!["number"]!.GetValue<string>(), n => (n!["status"]!.GetValue<string>(), n["allocatedTo"]?["type"]?.GetValue<string>()));
        for (var i = 0; i < 80; i++)
        {
            var expected = i switch
            {
                < 20 => ("AVAILABLE", null),
                < 30 => ("ACTIVE", "occupier"),
                < 40 => ("RESERVED", "occupier"),
                < 50 => ("AVAILABLE", null),
                < 60 => ("RESERVED", "operator"),
                < 65 => ("AVAILABLE", (string?)null),
                _ => ("RESERVED", "operator"),
            };
            Assert.True(expected == statuses[Api.Number(i)], $"{Api.Number(i)}: {statuses[Api.Number(i)]}");
        }

        Assert.Equal(10, (await _harness.OrganizationAsync("acme"))!.VoiceServicesInUse);
    }

    [Fact]
    public async Task A_number_appearing_twice_runs_its_operations_in_order()
    {
        var answer = await App.BulkAsync(_harness.Client, $$"""
            {"operations":[
              {"action":"allocate","number":"{{Api.Number(1)}}","allocateTo":"operator"},
              {"action":"deallocate","number":"{{Api.Number(1)}}"},
              {"action":"allocate","number":"{{Api.Number(1)}}","allocateTo":"occupier","occupierId":"acme"},
              42,
              {"action":"assign","number":"{{Api.Number(2)}}","userId":"jo"},
              {"action":"allocate","number":"not a number","allocateTo":"operator"}
            ]}
            """);

        Assert.Equal(200, answer.Status);
        Assert.Equal(
            System.Text.Json.Nodes.JsonNode.Parse("""[{"number":"+442071234501","action":"allocate","outcome":"done","code":null,"operationId":null},{"number":"+442071234501","action":"deallocate","outcome":"done","code":null,"operationId":null},{"number":"+442071234501","action":"allocate","outcome":"done","code":null,"operationId":null},{"number":null,"action":null,"outcome":"refused","code":"invalid-request","operationId":null},{"number":"+442071234502","action":"assign","outcome":"refused","code":"invalid-request","operationId":null},{"number":"not a number","action":"allocate","outcome":"refused","code":"invalid-number","operationId":null}]""")!.ToJsonString(),
            answer.Json["results"]!.ToJsonString());
        Assert.Equal("acme", (await Api.GetAsync(Api.Site, Api.Number(1))).Json["allocatedTo"]!["occupierId"]!.GetValue<string>());
    }

    [Fact]
    public async Task More_than_1000_operations_are_refused_with_the_limit_and_nothing_runs()
    {
        var operations = Enumerable.Range(0, 1001).Select(_ => new { action = "allocate", number = Api.Number(0), allocateTo = "operator" });

        var answer = await App.BulkAsync(_harness.Client, JsonSerializer.Serialize(new { operations }));

        Assert.Equal((413, "too-many-operations"), (answer.Status, answer.ProblemCode));
        Assert.Contains("at most 1000", answer.Json["detail"]!.GetValue<string>());
        Assert.Equal("AVAILABLE", (await Api.GetAsync(Api.Site, Api.Number(0))).Json["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"operations":{}}""")]
    [InlineData("""{"operations":[],"extra":1}""")]
    [InlineData("""{"operations":[""")]
    public async Task A_malformed_envelope_is_refused(string json)
    {
        var answer = await App.BulkAsync(_harness.Client, json);

        Assert.Equal((400, "invalid-request"), (answer.Status, answer.ProblemCode));
    }
}
