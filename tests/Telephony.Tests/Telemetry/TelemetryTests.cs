using Azure.Identity;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Telephony.Functions;
using Telephony.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Telephony.Functions.CoolingOff;
using Telephony.Tests.Activation;
using Telephony.Tests.CoolingOff;
using Telephony.Tests.Support;

namespace Telephony.Tests.Telemetry;

[Collection(nameof(TelemetryCollection))]
public sealed class CommandTelemetryTests : IAsyncLifetime
{
    private static readonly string Number = Api.Number(1);
    private readonly TelemetryCapture _capture = new();
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(configure: _capture.Install);
        _capture.Start(_app.Services);
        _api = new Api(_app);
        await _api.SeedAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task An_allocation_is_counted_as_a_done_allocate_command_and_traced_as_an_allocate_span()
    {
        var allocated = await _api.AllocateAsync(Api.Site, Number, """{"allocateTo":"operator"}""");

        Assert.Equal(200, allocated.Status);
        Assert.Equal(1, _capture.Count("telephony.commands", ("command", "allocate"), ("outcome", "done")));
        Assert.Equal(0, _capture.Count("telephony.commands", ("outcome", "refused")));
        var span = Assert.Single(_capture.Spans("allocate"));
        Assert.Equal(TelephonyTelemetry.Name, span.Source.Name);
        Assert.Equal(Api.Site, span.GetTagItem("telephony.site_id"));
        Assert.Equal(Number, span.GetTagItem("telephony.number"));
        Assert.Equal("done", span.GetTagItem("telephony.outcome"));
    }

    [Fact]
    public async Task A_refused_allocation_is_counted_with_its_error_code()
    {
        var refused = await _api.AllocateAsync(Api.Site, Number, """{"allocateTo":"occupier","occupierId":"nobody"}""");

        Assert.Equal(404, refused.Status);
        Assert.Equal(1, _capture.Count("telephony.commands", ("command", "allocate"), ("outcome", "refused"), ("code", "occupier-not-found")));
        Assert.Equal("occupier-not-found", Assert.Single(_capture.Spans("allocate")).GetTagItem("telephony.error_code"));
    }

    [Fact]
    public async Task A_release_run_through_its_timer_function_counts_the_numbers_it_released()
    {
        await _app.PutInServiceAsync(_api, Api.Site, Number);
        Assert.Equal(200, (await _api.DeallocateAsync(Api.Site, Number)).Status);
        _app.Clock.Advance(TimeSpan.FromDays(91));

        await _app.Function<CoolingOffFunctions>().ReleaseCoolingOff(new TimerInfo(), default);

        Assert.Equal(1, _capture.Count("telephony.cooling_off.released"));
        Assert.Equal(0, _capture.Count("telephony.cooling_off.failed"));
        Assert.Equal(1, _capture.Count("telephony.commands", ("command", "deallocate"), ("outcome", "done")));
    }
}

[Collection(nameof(TelemetryCollection))]
public sealed class OperationTelemetryTests : IAsyncLifetime
{
    private static readonly string Number = Api.Number(1);
    private readonly TelemetryCapture _capture = new();
    private ActivationHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync(_capture.Install);
        _capture.Start(_harness.App.Services);
        await _harness.Api.SeedAsync();
    }

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    [Fact]
    public async Task An_activation_on_the_durable_host_counts_one_completed_operation_and_traces_each_activity()
    {
        await _harness.ActivateToEndAsync(Number);

        Assert.Equal(1, _capture.Count("telephony.operations", ("kind", "activation"), ("outcome", "completed")));
        Assert.Equal(0, _capture.Count("telephony.operations", ("outcome", "failed")));
        Assert.Equal(1, _capture.Count("telephony.commands", ("command", "activate"), ("outcome", "done")));
        var put = Assert.Single(_capture.Spans("PutIntoService"));
        var complete = Assert.Single(_capture.Spans("CompleteOperation"));
        Assert.Equal(put.GetTagItem("telephony.operation_id"), complete.GetTagItem("telephony.operation_id"));
        Assert.Equal("activation", put.GetTagItem("telephony.operation_kind"));
        Assert.Equal(Number, put.GetTagItem("telephony.number"));
    }

    [Fact]
    public async Task A_deactivation_counts_its_own_kind_and_traces_its_three_steps()
    {
        await _harness.ActivateToEndAsync(Number);
        var started = await _harness.DeactivateAsync(Api.Site, Number);
        var instance = await _harness.WaitForOperationAsync(ActivationHarness.OperationIdOf(started));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);

        Assert.Equal(1, _capture.Count("telephony.operations", ("kind", "deactivation"), ("outcome", "completed")));
        Assert.Single(_capture.Spans("RemoveConfiguration"));
        Assert.Single(_capture.Spans("ResetPin"));
        Assert.Single(_capture.Spans("TakeOutOfService"));
    }
}

public sealed class TelemetryExporterTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Application_insights_is_chosen_when_its_connection_string_is_set_even_with_an_otlp_endpoint()
    {
        var settings = Settings(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"));

        Assert.Equal(TelemetrySetup.Exporter.AzureMonitor, TelemetrySetup.ExporterFor(settings));
    }

    [Fact]
    public void Otlp_is_chosen_with_only_an_otlp_endpoint_and_nothing_without_either()
    {
        Assert.Equal(TelemetrySetup.Exporter.Otlp, TelemetrySetup.ExporterFor(Settings(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"))));
        Assert.Equal(TelemetrySetup.Exporter.None, TelemetrySetup.ExporterFor(Settings()));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", false)]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", false)]
    public void Without_an_exporter_the_apps_logs_are_written_to_the_console(string? exporterSetting, bool console)
    {
        var settings = exporterSetting switch
        {
            null => Settings(),
            "OTEL_EXPORTER_OTLP_ENDPOINT" => Settings((exporterSetting, "http://localhost:4317")),
            _ => Settings((exporterSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000")),
        };
        using var services = new ServiceCollection().AddLogging().AddTelephonyTelemetry(settings).BuildServiceProvider();

        var providers = services.GetServices<ILoggerProvider>().Select(p => p.GetType()).ToList();

        Assert.Equal(console, providers.Contains(typeof(ConsoleLoggerProvider)));
    }

    [Fact]
    public void The_deployment_authentication_string_sends_telemetry_with_the_user_assigned_identity()
    {
        Assert.IsType<ManagedIdentityCredential>(TelemetrySetup.CredentialFor("ClientId=6f1c1b2e-0000-4000-8000-000000000001;Authorization=AAD"));
        Assert.IsType<DefaultAzureCredential>(TelemetrySetup.CredentialFor("Authorization=AAD"));
        Assert.Null(TelemetrySetup.CredentialFor(null));
    }
}
