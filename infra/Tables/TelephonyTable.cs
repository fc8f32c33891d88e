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

    /// <summary>
    /// How long an organization's row, as this process last read or wrote it, serves allocations and answers before
    /// being read again (<see cref="CachingOrganizationStore"/>): how long another instance's change may go unseen here.
    /// Zero reads it every time.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:10:00",
        ErrorMessage = "'Telephony__OrganizationCacheDuration' must be a time span from 00:00:00 to 00:10:00 (e.g. 00:00:30).")]
    public TimeSpan OrganizationCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The app's table, created on first use. A failed creation (storage unreachable at a cold start) is not kept: the next
/// request tries again, so the app heals when storage comes back instead of failing until it restarts.
/// </summary>
public sealed class TelephonyTable(TableServiceClient service, IOptions<TableStorageOptions> options)
{
    private readonly Lock _gate = new();
    private Task<TableClient>? _table;

    public Task<TableClient> ClientAsync()
    {
        lock (_gate)
        {
            if (_table is null || _table.IsFaulted || _table.IsCanceled)
            {
                _table = CreateAsync();
            }

            return _table;
        }
    }

    private async Task<TableClient> CreateAsync()
    {
        var client = service.GetTableClient(options.Value.TableName);
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
