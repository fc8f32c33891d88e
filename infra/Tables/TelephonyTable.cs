using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Telephony.Infrastructure.Tables;

public sealed class TableStorageOptions
{
    public const string SectionName = "Telephony";

    // Tests give each class its own.
    [System.ComponentModel.DataAnnotations.RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string TableName { get; set; } = "Telephony";

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SiteCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    // How long another instance's change may go unseen here (CachingOrganizationStore). Zero reads it every time.
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:10:00",
        ErrorMessage = "'Telephony__OrganizationCacheDuration' must be a time span from 00:00:00 to 00:10:00 (e.g. 00:00:30).")]
    public TimeSpan OrganizationCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}

// A failed creation (storage unreachable at a cold start) is not kept, so the app heals when storage comes back.
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
