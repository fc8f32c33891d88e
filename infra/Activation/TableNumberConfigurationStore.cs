using Azure;
using Azure.Data.Tables;
using Telephony.Domain.Activation;
using Telephony.Domain.PhoneNumbers;
using Telephony.Infrastructure.Tables;

namespace Telephony.Infrastructure.Activation;

/// <summary>A number's configuration and PIN hash: one <c>cfg|+E164</c> row in its site's partition.</summary>
public sealed class TableNumberConfigurationStore(TelephonyTable table) : INumberConfigurationStore
{
    public const string RowPrefix = "cfg|";

    public async Task<NumberConfiguration?> FindAsync(string siteId, string number, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<NumberConfigurationEntity>(siteId, RowPrefix + number, cancellationToken: cancellationToken);
        return found.HasValue
            ? new NumberConfiguration(found.Value!.ForwardTo, found.Value.CallerIdName, found.Value.VoicemailEnabled, found.Value.PinHash)
            : null;
    }

    public async Task<bool> TrySaveAsync(PhoneNumber number, NumberConfiguration configuration, CancellationToken cancellationToken)
    {
        var row = Row(number.SiteId, number.Number, configuration);
        // Merging nothing into the number checks its ETag in the same transaction: the number is still as it was read.
        var numberUnchanged = new TableEntity(number.SiteId, Keys.Number(number.Number));
        var client = await table.ClientAsync();
        try
        {
            await client.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, row),
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, numberUnchanged, new ETag(number.StoreVersion!)),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (TablePhoneNumberStore.IsConcurrencyConflict(e.Status))
        {
            return false;
        }
    }

    public async Task ReplaceAsync(string siteId, string number, NumberConfiguration configuration, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        if (configuration == NumberConfiguration.Default)
        {
            await client.DeleteEntityAsync(siteId, RowPrefix + number, ETag.All, cancellationToken);
            return;
        }

        await client.UpsertEntityAsync(Row(siteId, number, configuration), TableUpdateMode.Replace, cancellationToken);
    }

    private static NumberConfigurationEntity Row(string siteId, string number, NumberConfiguration configuration) => new()
    {
        PartitionKey = siteId,
        RowKey = RowPrefix + number,
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
    /// <summary>Salted PBKDF2 of the voicemail PIN; null for the default PIN.</summary>
    public string? PinHash { get; set; }
}
