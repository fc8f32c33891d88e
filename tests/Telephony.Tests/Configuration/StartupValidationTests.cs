using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telephony.Functions;
using Telephony.Tests.Support;

namespace Telephony.Tests.Configuration;

/// <summary>
/// The app's registrations in a host, started with the settings of <c>functions/local.settings.json.example</c> changed
/// one at a time: a missing or malformed setting stops the start with a message naming it.
/// </summary>
public sealed class StartupValidationTests
{
    private const string ClientId = "6f1c1b2e-0000-4000-8000-000000000001";

    /// <param name="changes">Settings as app settings name them (<c>A__b</c>); a null value removes the setting.</param>
    private static IHost Build(params (string Setting, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(TestApp.ExampleSettings.Value);
        foreach (var (setting, value) in changes)
        {
            var key = setting.Replace("__", ":");
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddTelephonyApp(builder.Configuration);
        return builder.Build();
    }

    private static async Task<string> StartFailsAsync(params (string Setting, string? Value)[] changes)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var host = Build(changes);
            await host.StartAsync();
            await host.StopAsync();
        });
        Assert.NotNull(failure);
        return failure is AggregateException aggregate ? string.Join(" | ", aggregate.InnerExceptions.Select(e => e.Message)) : failure.Message;
    }

    [Fact]
    public async Task The_local_settings_example_starts()
    {
        using var host = Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_any_storage_setting_the_app_does_not_start_and_says_table_storage_is_not_configured()
    {
        var message = await StartFailsAsync(("TelephonyStorage", null), ("AzureWebJobsStorage", null));

        Assert.Contains("Table storage is not configured", message);
        Assert.Contains("TelephonyStorage__tableServiceUri", message);
    }

    [Theory]
    [InlineData("TelephonyStorage", "not a connection string")]
    [InlineData("TelephonyStorage__tableServiceUri", "telephony.table.core.windows.net")]
    [InlineData("TelephonyStorage__accountName", "Not_An_Account")]
    public async Task A_malformed_storage_setting_stops_the_start_naming_it(string setting, string value)
    {
        var message = await StartFailsAsync(("TelephonyStorage", null), (setting, value));

        Assert.Contains($"'{setting}'", message);
    }

    [Fact]
    public async Task A_managed_identity_client_id_that_is_not_a_guid_stops_the_start_naming_it()
    {
        var message = await StartFailsAsync(
            ("TelephonyStorage", null), ("TelephonyStorage__accountName", "telephony"), ("TelephonyStorage__credential", "managedidentity"),
            ("TelephonyStorage__clientId", "my-identity"));

        Assert.Contains("'TelephonyStorage__clientId'", message);
    }

    [Theory]
    [InlineData("ZZ")]
    [InlineData("gb")]
    [InlineData("")]
    public async Task A_default_region_that_is_not_a_region_stops_the_start_naming_it(string region)
    {
        var message = await StartFailsAsync(("Telephony__DefaultRegion", region));

        Assert.Contains("'Telephony__DefaultRegion'", message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3651")]
    public async Task A_default_cooling_off_period_out_of_range_stops_the_start_naming_it(string days)
    {
        var message = await StartFailsAsync(("Telephony__DefaultCoolingOffDays", days));

        Assert.Contains("'Telephony__DefaultCoolingOffDays'", message);
        Assert.Contains("0 to 3650", message);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:10:01")]
    public async Task An_organization_cache_duration_out_of_range_stops_the_start_naming_it(string duration)
    {
        var message = await StartFailsAsync(("Telephony__OrganizationCacheDuration", duration));

        Assert.Contains("'Telephony__OrganizationCacheDuration'", message);
        Assert.Contains("00:00:00 to 00:10:00", message);
    }

    [Theory]
    [InlineData("voice/v1")]
    [InlineData("http://voice.example.net/v1/")]
    [InlineData("ftp://voice.example.net/")]
    public async Task A_voice_platform_base_url_that_is_not_an_absolute_https_url_stops_the_start_naming_it(string baseUrl)
    {
        var message = await StartFailsAsync(("VoicePlatform__BaseUrl", baseUrl));

        Assert.Contains("'VoicePlatform__BaseUrl'", message);
        Assert.Contains("https", message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12")]
    [InlineData("12ab")]
    [InlineData("123456789")]
    public async Task A_missing_or_malformed_default_pin_stops_the_start_naming_it(string? pin)
    {
        var message = await StartFailsAsync(("VoicePlatform__DefaultPin", pin));

        Assert.Contains("'VoicePlatform__DefaultPin'", message);
    }

    [Theory]
    [InlineData("sb://telephony.servicebus.windows.net/")]
    [InlineData("telephony")]
    [InlineData("telephony.servicebus.windows.net/phone-number-events")]
    public async Task A_malformed_service_bus_namespace_stops_the_start_naming_it(string ns)
    {
        var message = await StartFailsAsync(("ServiceBus__fullyQualifiedNamespace", ns));

        Assert.Contains("'ServiceBus__fullyQualifiedNamespace'", message);
    }

    [Fact]
    public async Task A_malformed_service_bus_connection_string_stops_the_start_naming_it()
    {
        var message = await StartFailsAsync(("ServiceBus", "telephony.servicebus.windows.net"));

        Assert.Contains("'ServiceBus'", message);
    }

    [Fact]
    public async Task Identity_based_connections_with_a_user_assigned_identity_start_and_build_their_clients_with_it()
    {
        using var host = Build(
            ("TelephonyStorage", null),
            ("TelephonyStorage__tableServiceUri", "https://telephony.table.core.windows.net/"),
            ("TelephonyStorage__credential", "managedidentity"),
            ("TelephonyStorage__clientId", ClientId),
            ("ServiceBus__fullyQualifiedNamespace", "telephony.servicebus.windows.net"),
            ("ServiceBus__credential", "managedidentity"),
            ("ServiceBus__clientId", ClientId));
        await host.StartAsync();

        var tables = host.Services.GetRequiredService<TableServiceClient>();
        var serviceBus = host.Services.GetRequiredService<ServiceBusClient>();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var factory = host.Services.GetRequiredService<AzureComponentFactory>();

        Assert.Equal("telephony", tables.AccountName);
        Assert.Equal("telephony.servicebus.windows.net", serviceBus.FullyQualifiedNamespace);
        Assert.IsType<ManagedIdentityCredential>(factory.CreateTokenCredential(configuration.GetSection("TelephonyStorage")));
        Assert.IsType<ManagedIdentityCredential>(factory.CreateTokenCredential(configuration.GetSection("ServiceBus")));
        await host.StopAsync();
    }

    [Fact]
    public async Task Identity_based_connections_without_a_credential_setting_use_the_default_azure_credential()
    {
        using var host = Build(("TelephonyStorage", null), ("TelephonyStorage__accountName", "telephony"));
        await host.StartAsync();

        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var credential = host.Services.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(configuration.GetSection("TelephonyStorage"));

        Assert.IsType<DefaultAzureCredential>(credential);
        Assert.Equal("telephony", host.Services.GetRequiredService<TableServiceClient>().AccountName);
        await host.StopAsync();
    }
}
