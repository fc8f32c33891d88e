using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Activation;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.VoicePlatform;

// For when no platform is configured (local development, demos): keeps a voice|+E164 row in the site's partition.
public sealed class SimulatedVoicePlatform(TelephonyTable table) : IVoicePlatform
{

    public Task PutIntoServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        UpdateAsync(request, line => line.InService = true, cancellationToken);

    public Task RemoveCustomConfigurationAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        UpdateAsync(request, line => line.Configure(NumberConfiguration.Default), cancellationToken);

    public Task ResetPinAsync(VoicePlatformRequest request, string defaultPin, CancellationToken cancellationToken) =>
        UpdateAsync(request, line => line.PinHash = VoicemailPin.Hash(defaultPin), cancellationToken);

    public Task TakeOutOfServiceAsync(VoicePlatformRequest request, CancellationToken cancellationToken) =>
        UpdateAsync(request, line => line.InService = false, cancellationToken);

    public Task ApplyConfigurationAsync(VoicePlatformRequest request, NumberConfiguration configuration, CancellationToken cancellationToken) =>
        UpdateAsync(request, line => line.Configure(configuration), cancellationToken);

    public Task SetPinAsync(VoicePlatformRequest request, string pin, CancellationToken cancellationToken) =>
        UpdateAsync(request, line => line.PinHash = VoicemailPin.Hash(pin), cancellationToken);

    public async Task<SimulatedLine?> FindAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<SimulatedLine>(siteId, Keys.VoiceLine(number), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private async Task UpdateAsync(VoicePlatformRequest request, Action<SimulatedLine> change, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var line = await FindAsync(request.SiteId, request.Number, cancellationToken)
                   ?? new SimulatedLine { PartitionKey = request.SiteId, RowKey = Keys.VoiceLine(request.Number) };
        change(line);
        line.LastOperationId = request.OperationId;
        await client.UpsertEntityAsync(line, TableUpdateMode.Replace, cancellationToken);
    }
}

public sealed class SimulatedLine : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public bool InService { get; set; }
    public bool HasCustomConfiguration { get; set; }
    public string? ForwardTo { get; set; }
    public string? CallerIdName { get; set; }
    public bool VoicemailEnabled { get; set; } = true;
    public string? PinHash { get; set; }
    public string? LastOperationId { get; set; }

    // The platform keeps the PIN separately.
    public NumberConfiguration Configuration() => new(ForwardTo, CallerIdName, VoicemailEnabled, null);

    public void Configure(NumberConfiguration configuration)
    {
        ForwardTo = configuration.ForwardTo;
        CallerIdName = configuration.CallerIdName;
        VoicemailEnabled = configuration.VoicemailEnabled;
        HasCustomConfiguration = configuration with { PinHash = null } != NumberConfiguration.Default;
    }
}
