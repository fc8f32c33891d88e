using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Telephony.Infrastructure.Tables;

public sealed class TableStorageOptions
{
    public const string SectionName = "Telephony";

    /// <summary>The table holding every site's partition. Tests give each class its own.</summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string TableName { get; set; } = "Telephony";

    /// <summary>How long a site's settings are reused before being read again; zero reads them on every request.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SiteCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The app's table, created on first use.</summary>
public sealed class TelephonyTable(TableServiceClient service, IOptions<TableStorageOptions> options)
{
    private readonly Lazy<Task<TableClient>> _table = new(async () =>
    {
        var client = service.GetTableClient(options.Value.TableName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<TableClient> ClientAsync() => _table.Value;
}
