using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Activation;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Activation;

public sealed class TableNumberConfigurationStore(TelephonyTable table) : INumberConfigurationStore
{

    public async Task<NumberConfiguration?> FindAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<NumberConfigurationEntity>(siteId, Keys.Configuration(number), cancellationToken: cancellationToken);
        return found.HasValue ? Configuration(found.Value!) : null;
    }

    public async Task<StoredConfiguration?> ReadAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<NumberConfigurationEntity>(siteId, Keys.Configuration(number), cancellationToken: cancellationToken);
        return found.HasValue ? Stored(found.Value!, found.Value!.ETag.ToString()) : null;
    }

    public async Task<StoredConfiguration?> TryStartChangeAsync(
        PhoneNumber number, StoredConfiguration? current, ConfigurationChange change, CancellationToken cancellationToken)
    {
        var row = Row(number.SiteId, number.Number, current?.Configuration ?? NumberConfiguration.Default);
        row.ChangeId = change.ChangeId;
        row.ChangeUntil = change.Until;
        // Merging nothing into the number checks its ETag and moves it on, in the same transaction.
        var numberUnchanged = new TableEntity(number.SiteId, Keys.Number(number.Number));
        var client = await table.ClientAsync();
        try
        {
            var response = await client.SubmitTransactionAsync(
            [
                current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, new ETag(current.Version)),
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, numberUnchanged, new ETag(number.StoreVersion!)),
            ], cancellationToken);
            return Stored(row, response.Value[0].Headers.ETag!.Value.ToString());
        }
        catch (TableTransactionFailedException e) when (TablePhoneNumberStore.IsConcurrencyConflict(e.Status))
        {
            return null;
        }
    }

    public async Task<bool> TryEndChangeAsync(
        string siteId, string number, StoredConfiguration started, NumberConfiguration configuration, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        try
        {
            if (configuration == NumberConfiguration.Default)
            {
                await client.DeleteEntityAsync(siteId, Keys.Configuration(number), new ETag(started.Version), cancellationToken);
            }
            else
            {
                await client.UpdateEntityAsync(Row(siteId, number, configuration), new ETag(started.Version), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (TablePhoneNumberStore.IsConcurrencyConflict(e.Status))
        {
            return false;
        }
    }

    public async Task ReplaceAsync(string siteId, string number, NumberConfiguration configuration, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        if (configuration == NumberConfiguration.Default)
        {
            await client.DeleteEntityAsync(siteId, Keys.Configuration(number), ETag.All, cancellationToken);
            return;
        }

        await client.UpsertEntityAsync(Row(siteId, number, configuration), TableUpdateMode.Replace, cancellationToken);
    }

    private static NumberConfiguration Configuration(NumberConfigurationEntity e) => new(e.ForwardTo, e.CallerIdName, e.VoicemailEnabled, e.PinHash);

    private static StoredConfiguration Stored(NumberConfigurationEntity e, string version) =>
        new(Configuration(e), e.ChangeId is null ? null : new ConfigurationChange(e.ChangeId, e.ChangeUntil ?? DateTimeOffset.MinValue), version);

    private static NumberConfigurationEntity Row(string siteId, string number, NumberConfiguration configuration) => new()
    {
        PartitionKey = siteId,
        RowKey = Keys.Configuration(number),
        ForwardTo = configuration.ForwardTo,
        CallerIdName = configuration.CallerIdName,
        VoicemailEnabled = configuration.VoicemailEnabled,
        PinHash = configuration.PinHash,
    };
}

public sealed class NumberConfigurationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string? ForwardTo { get; set; }
    public string? CallerIdName { get; set; }
    public bool VoicemailEnabled { get; set; } = true;
    // Salted PBKDF2; null for the default PIN.
    public string? PinHash { get; set; }

    // A change being applied to the voice platform holds the number until ChangeUntil.
    public string? ChangeId { get; set; }

    public DateTimeOffset? ChangeUntil { get; set; }
}
