using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Telephony.Domain.Common;
using Telephony.Domain.Provisioning;

namespace Telephony.Infrastructure.Csv;

// Header: number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason.
public static class ProvisioningCsv
{
    public static readonly string[] Columns = ["number", "extension", "rangeName", "mainNumber", "coolingOffUntil", "locked", "lockReason"];

    public static async Task<Result<IReadOnlyList<ProvisioningRow>>> ReadAsync(TextReader text, CancellationToken cancellationToken)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(text, configuration);
        if (!await csv.ReadAsync())
        {
            return Errors.InvalidRequest("The CSV is empty: it needs the header row " + string.Join(",", Columns) + ".");
        }

        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var column = Columns.FirstOrDefault(c => c.Equals(header[i].Trim(), StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                return Errors.InvalidRequest($"Unknown column '{Shorten(header[i])}'. The header row is {string.Join(",", Columns)}.");
            }

            if (!index.TryAdd(column, i))
            {
                return Errors.InvalidRequest($"Column '{column}' appears twice in the header row.");
            }
        }

        if (!index.ContainsKey("number") || !index.ContainsKey("extension"))
        {
            return Errors.InvalidRequest("The header row must name at least the columns number and extension: " + string.Join(",", Columns) + ".");
        }

        var rows = new List<ProvisioningRow>();
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows.Count == NumberProvisioning.MaxRows)
            {
                return Errors.ImportTooLarge(NumberProvisioning.MaxRows);
            }

            var record = csv.Parser.Record ?? [];
            var row = csv.Parser.Row;
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (record.Length != header.Length)
            {
                rows.Add(new ProvisioningRow(row, record.FirstOrDefault(), null, null, null, null, null, null,
                    $"The row has {record.Length} field(s); the header has {header.Length}."));
                continue;
            }

            string? Field(string name) => index.TryGetValue(name, out var i) ? record[i] : null;
            rows.Add(new ProvisioningRow(row, Field("number"), Field("extension"), Field("rangeName"), Field("mainNumber"),
                Field("coolingOffUntil"), Field("locked"), Field("lockReason")));
        }

        return rows;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
