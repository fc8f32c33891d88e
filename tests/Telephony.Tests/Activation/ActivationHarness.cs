using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Activation;
using Telephony.Domain.Organizations;
using Telephony.Functions.Activation;
using Telephony.Functions.Assignment;
using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

/// <summary>
/// The app on Azurite with a real Durable Task engine in process. The function-syntax orchestrators and the activity
/// functions are registered with the engine as they are: the same methods the Functions host runs, each activity
/// created from the app's container the way the worker creates function classes.
/// </summary>
public sealed class ActivationHarness : IAsyncDisposable
{
    public const string DefaultPin = "4826";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ActivationHarness(TestApp app, DurableTaskTestHost durable, ChangeLooks looks)
    {
        App = app;
        Durable = durable;
        Api = new Api(app);
        _looks = looks;
    }

    private readonly ChangeLooks _looks;

    /// <summary>How many times the orchestrations have looked for a configuration change holding a number.</summary>
    public int ConfigurationChangeLooks => Volatile.Read(ref _looks.Count);

    public TestApp App { get; }

    public DurableTaskTestHost Durable { get; }

    public DurableTaskClient Client => Durable.Client;

    public Api Api { get; }

    public static async Task<ActivationHarness> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["VoicePlatform:DefaultPin"] = DefaultPin,
            ["Activation:StepMaxAttempts"] = "3",
            ["Activation:StepFirstRetryInterval"] = "00:00:00.050",
            ["Activation:StepMaxRetryInterval"] = "00:00:00.200",
            ["Activation:WatchdogGracePeriod"] = "00:05:00",
            ["Activation:CleanupFirstRetryInterval"] = "00:00:00.200",
            ["Activation:CleanupMaxRetryInterval"] = "00:00:00.400",
            ["Activation:CleanupPeriod"] = "00:00:01.500",
            ["Activation:ConfigurationChangeRecheckInterval"] = "00:00:00.100",
        }, configure);
        var looks = new ChangeLooks();
        return new ActivationHarness(app, await StartDurableAsync(app, looks), looks);
    }

    /// <summary>The test host picks a free port and then binds it: a test running in parallel may take it in between.</summary>
    private static async Task<DurableTaskTestHost> StartDurableAsync(TestApp app, ChangeLooks looks)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(tasks => Register(tasks, app, looks));
            }
            catch (IOException) when (attempt < 5)
            {
            }
        }
    }

    private static void Register(DurableTaskRegistry tasks, TestApp app, ChangeLooks looks)
    {
        tasks.AddOrchestratorFunc<OperationInput, OperationOutcome>(
            nameof(OperationOrchestrations.ActivationOrchestration), (context, _) => OperationOrchestrations.ActivationOrchestration(context));
        tasks.AddOrchestratorFunc<OperationInput, OperationOutcome>(
            nameof(OperationOrchestrations.DeactivationOrchestration), (context, _) => OperationOrchestrations.DeactivationOrchestration(context));

        OperationActivities Activities() => app.Function<OperationActivities>();
        tasks.AddActivityFunc<OperationInput, StepResult>(nameof(OperationActivities.PutIntoService), (_, o) => Activities().PutIntoService(o, default));
        tasks.AddActivityFunc<OperationInput, TimeSpan>(nameof(OperationActivities.ConfigurationChangeHoldLeft), (_, o) =>
        {
            Interlocked.Increment(ref looks.Count);
            return Activities().ConfigurationChangeHoldLeft(o, default);
        });
        tasks.AddActivityFunc<OperationInput, StepResult>(nameof(OperationActivities.RemoveConfiguration), (_, o) => Activities().RemoveConfiguration(o, default));
        tasks.AddActivityFunc<OperationInput, StepResult>(nameof(OperationActivities.ResetPin), (_, o) => Activities().ResetPin(o, default));
        tasks.AddActivityFunc<OperationInput, StepResult>(nameof(OperationActivities.TakeOutOfService), (_, o) => Activities().TakeOutOfService(o, default));
        tasks.AddActivityFunc<OperationInput, StepResult>(nameof(OperationActivities.RestoreService), (_, o) => Activities().RestoreService(o, default));
        tasks.AddActivityFunc<OperationCompletion, bool>(nameof(OperationActivities.CompleteOperation), (_, c) => Activities().CompleteOperation(c, default));
        tasks.AddActivityFunc<OperationFailure, bool>(nameof(OperationActivities.FailOperation), (_, f) => Activities().FailOperation(f, default));
    }

    public async Task<HttpAnswer> ActivateAsync(string siteId, string number, IDictionary<string, string>? headers = null)
    {
        var request = HttpCall.Request("POST", $"/api/sites/{siteId}/phone-numbers/{number}/activate", headers: headers);
        return await (await App.Function<ActivationFunctions>().ActivatePhoneNumber(request, Client, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> DeactivateAsync(string siteId, string number)
    {
        var request = HttpCall.Request("POST", $"/api/sites/{siteId}/phone-numbers/{number}/deactivate");
        return await (await App.Function<ActivationFunctions>().DeactivatePhoneNumber(request, Client, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> GetOperationAsync(string operationId)
    {
        var request = HttpCall.Request("GET", $"/api/operations/{operationId}");
        return await (await App.Function<ActivationFunctions>().GetOperation(request, Client, operationId, default)).ExecuteAsync(request);
    }

    public Task RunWatchdogAsync() => App.Function<ActivationFunctions>().ReconcilePendingNumbers(new TimerInfo(), Client, default);

    public async Task<HttpAnswer> GetConfigurationAsync(string siteId, string number)
    {
        var request = HttpCall.Request("GET", $"/api/sites/{siteId}/phone-numbers/{number}/configuration");
        return await (await App.Function<ConfigurationFunctions>().GetNumberConfiguration(request, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> PutConfigurationAsync(string siteId, string number, string json)
    {
        var request = HttpCall.Request("PUT", $"/api/sites/{siteId}/phone-numbers/{number}/configuration", json);
        return await (await App.Function<ConfigurationFunctions>().PutNumberConfiguration(request, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> PutPinAsync(string siteId, string number, string json)
    {
        var request = HttpCall.Request("PUT", $"/api/sites/{siteId}/phone-numbers/{number}/pin", json);
        return await (await App.Function<ConfigurationFunctions>().PutVoicemailPin(request, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> AssignAsync(string siteId, string number, string? json)
    {
        var request = HttpCall.Request("POST", $"/api/sites/{siteId}/phone-numbers/{number}/assign", json);
        return await (await App.Function<AssignmentFunctions>().AssignPhoneNumber(request, siteId, number, default)).ExecuteAsync(request);
    }

    public async Task<HttpAnswer> UnassignAsync(string siteId, string number)
    {
        var request = HttpCall.Request("POST", $"/api/sites/{siteId}/phone-numbers/{number}/unassign");
        return await (await App.Function<AssignmentFunctions>().UnassignPhoneNumber(request, siteId, number, default)).ExecuteAsync(request);
    }

    /// <summary>The operation id from a 202's <c>Location</c>.</summary>
    public static string OperationIdOf(HttpAnswer started)
    {
        Assert.True(started.Status == 202, started.ToString());
        return started.Headers.Location.ToString()["/api/operations/".Length..];
    }

    public async Task<OrchestrationMetadata> WaitForOperationAsync(string operationId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await Client.WaitForInstanceCompletionAsync(operationId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Allocates the number to acme and runs its activation to the end.</summary>
    public async Task ActivateToEndAsync(string number, string occupierId = "acme")
    {
        var allocate = occupierId == "operator" ? """{"allocateTo":"operator"}""" : $$"""{"allocateTo":"occupier","occupierId":"{{occupierId}}"}""";
        Assert.Equal(200, (await Api.AllocateAsync(Api.Site, number, allocate)).Status);
        var started = await ActivateAsync(Api.Site, number);
        var instance = await WaitForOperationAsync(OperationIdOf(started));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    public async Task<Organization?> OrganizationAsync(string organizationId) =>
        await App.Get<IOrganizationStore>().FindAsync(Api.Site, organizationId, default);

    /// <summary>The number's recorded changes, oldest first.</summary>
    public Task<IReadOnlyList<string>> ChangesAsync(string number) =>
        Task.FromResult<IReadOnlyList<string>>(App.Events(number).Select(e => e.GetString("Change")).ToList());

    /// <summary>Counted by the activity that looks for a change, registered before the harness exists.</summary>
    private sealed class ChangeLooks
    {
        public int Count;
    }

    public async ValueTask DisposeAsync()
    {
        await Durable.DisposeAsync();
        await App.DisposeAsync();
    }
}

/// <summary>
/// A voice platform for tests: the app's simulated one, behind scripted failures per call (named as the steps:
/// <c>put-into-service</c>, <c>take-out-of-service</c>, ...) and an optional gate that holds putting into service
/// until the test opens it.
/// </summary>
public sealed class ScriptedVoicePlatform(IVoicePlatform inner) : IVoicePlatform
{
    private readonly Dictionary<string, Queue<VoicePlatformException>> _failures = [];
    private readonly Dictionary<string, (VoicePlatformException Failure, bool AfterTheCall)> _failingForGood = [];
    private readonly Dictionary<string, int> _calls = [];
    private readonly Dictionary<string, int> _answersToLose = [];

    /// <summary>The next failures of putting into service, one per attempt.</summary>
    public Queue<VoicePlatformException> PutFailures => FailuresOf(OperationStep.PutIntoService);

    public const string Configure = "configure";
    public const string SetPin = "set-pin";

    public TaskCompletionSource? PutGate { get; set; }

    /// <summary>Holds applying a configuration until the test opens it.</summary>
    public TaskCompletionSource? ConfigureGate { get; set; }

    public TaskCompletionSource ConfigureEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The configuration and PIN calls, in order, with their requests (idempotency keys).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Call, VoicePlatformRequest Request)> Requests { get; } = new();

    public TaskCompletionSource PutEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int PutAttempts => Calls(OperationStep.PutIntoService);

    /// <summary>
    /// Every call of <paramref name="call"/> fails this way until <see cref="Recover"/>; <paramref name="afterTheCall"/>:
    /// the platform does it and the answer is lost (a time-out after the fact).
    /// </summary>
    public void FailForGood(string call, VoicePlatformException failure, bool afterTheCall = false)
    {
        lock (_calls)
        {
            _failingForGood[call] = (failure, afterTheCall);
        }
    }

    /// <summary>The next call of <paramref name="call"/> is done by the platform, but its answer is lost (time-out).</summary>
    public void LoseNextAnswer(string call)
    {
        lock (_calls)
        {
            _answersToLose[call] = _answersToLose.GetValueOrDefault(call) + 1;
        }
    }

    public void Recover(string call)
    {
        lock (_calls)
        {
            _failingForGood.Remove(call);
        }
    }

    /// <summary>The next failures of <paramref name="call"/>, one per attempt.</summary>
    public Queue<VoicePlatformException> FailuresOf(string call)
    {
        lock (_calls)
        {
            return _failures.TryGetValue(call, out var queue) ? queue : _failures[call] = new Queue<VoicePlatformException>();
        }
    }

    public int Calls(string call)
    {
        lock (_calls)
        {
            return _calls.GetValueOrDefault(call);
        }
    }

    public async Task PutIntoServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken)
    {
        PutEntered.TrySetResult();
        if (PutGate is { } gate)
        {
            await gate.Task;
        }

        await AttemptAsync(OperationStep.PutIntoService, () => inner.PutIntoServiceAsync(request, cancellationToken));
    }

    public Task RemoveCustomConfigurationAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        AttemptAsync(OperationStep.RemoveConfiguration, () => inner.RemoveCustomConfigurationAsync(request, cancellationToken));

    public Task ResetPinAsync(VoicePlatformRequest request, string defaultPin, CancellationToken cancellationToken) =>
        AttemptAsync(OperationStep.ResetPin, () => inner.ResetPinAsync(request, defaultPin, cancellationToken));

    public Task TakeOutOfServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        AttemptAsync(OperationStep.TakeOutOfService, () => inner.TakeOutOfServiceAsync(request, cancellationToken));

    public async Task ApplyConfigurationAsync(VoicePlatformRequest request, NumberConfiguration configuration, CancellationToken cancellationToken)
    {
        Requests.Enqueue((Configure, request));
        ConfigureEntered.TrySetResult();
        if (ConfigureGate is { } gate)
        {
            await gate.Task;
        }

        await AttemptAsync(Configure, () => inner.ApplyConfigurationAsync(request, configuration, cancellationToken));
    }

    public Task SetPinAsync(VoicePlatformRequest request, string pin, CancellationToken cancellationToken)
    {
        Requests.Enqueue((SetPin, request));
        return AttemptAsync(SetPin, () => inner.SetPinAsync(request, pin, cancellationToken));
    }

    /// <summary>Counts the call and fails it as scripted, before or after the simulated platform does it.</summary>
    private async Task AttemptAsync(string call, Func<Task> onPlatform)
    {
        VoicePlatformException? before = null, after = null;
        lock (_calls)
        {
            _calls[call] = _calls.GetValueOrDefault(call) + 1;
            if (_failingForGood.TryGetValue(call, out var always))
            {
                before = always.AfterTheCall ? null : always.Failure;
                after = always.AfterTheCall ? always.Failure : null;
            }
            else if (_failures.TryGetValue(call, out var queue) && queue.TryDequeue(out var next))
            {
                before = next;
            }
            else if (_answersToLose.GetValueOrDefault(call) > 0)
            {
                _answersToLose[call]--;
                after = new VoicePlatformException("The voice platform did not answer (TimeoutRejectedException).", isTransient: true);
            }
        }

        if (before is not null)
        {
            throw before;
        }

        await onPlatform();
        if (after is not null)
        {
            throw after;
        }
    }

    /// <summary>Puts this platform in front of the app's simulated one.</summary>
    public static void Install(IServiceCollection services) =>
        services.AddSingleton<ScriptedVoicePlatform>(sp => new ScriptedVoicePlatform(sp.GetRequiredService<Infrastructure.VoicePlatform.SimulatedVoicePlatform>()))
            .AddSingleton<IVoicePlatform>(sp => sp.GetRequiredService<ScriptedVoicePlatform>());
}

/// <summary>A test class with a harness of its own (the real voice-platform simulation) and the standard site seeded.</summary>
public abstract class SeededActivationTests : IAsyncLifetime
{
    protected ActivationHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await ActivationHarness.StartAsync();
        await Harness.Api.SeedAsync();
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>
/// A test class with a harness of its own whose voice platform the test scripts (<see cref="ScriptedVoicePlatform"/>),
/// the standard site seeded; <see cref="ArrangeAsync"/> adds what the class starts from. Held calls are let go on
/// dispose, so a failing test never leaves an orchestration waiting.
/// </summary>
public abstract class ScriptedActivationTests : IAsyncLifetime
{
    protected ActivationHarness Harness { get; private set; } = null!;

    protected ScriptedVoicePlatform Platform => Harness.App.Get<ScriptedVoicePlatform>();

    public async Task InitializeAsync()
    {
        Harness = await ActivationHarness.StartAsync(ScriptedVoicePlatform.Install);
        await Harness.Api.SeedAsync();
        await ArrangeAsync();
    }

    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Platform.PutGate?.TrySetResult();
        Platform.ConfigureGate?.TrySetResult();
        await Harness.DisposeAsync();
    }
}
