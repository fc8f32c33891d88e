using System.Text;
using System.Text.RegularExpressions;

namespace Telephony.Web.Api;

/// <summary>
/// A large import sent as several requests: Static Web Apps ends every proxied /api request after 45 s, and a
/// 20,000-row import takes longer than that (docs/benchmarks.md, "The 45-second proxy limit"). Each part is the header
/// and at most <see cref="RowsPerRequest"/> rows; the parts' outcomes are put together as one file's, with the rows
/// numbered as in the file. A file over <see cref="MaxRows"/> rows goes whole, so the API refuses it as it would.
/// </summary>
public static partial class ImportChunks
{
    public const int RowsPerRequest = 1_000;

    /// <summary>The API's own limit on one import (import-too-large).</summary>
    public const int MaxRows = 20_000;

    /// <param name="Csv">The header and this part's rows.</param>
    /// <param name="RowsBefore">The file's rows (records after the header) before this part.</param>
    public sealed record Part(string Csv, int RowsBefore);

    /// <summary>The file's parts. Records are split on line ends outside quotes, so a quoted field may hold a line break.</summary>
    public static IReadOnlyList<Part> Split(string csv, int rowsPerRequest = RowsPerRequest)
    {
        var records = Records(csv);
        if (records.Count <= 1 + rowsPerRequest || records.Count > 1 + MaxRows)
        {
            return [new Part(csv, 0)];
        }

        var header = records[0];
        return Enumerable.Range(0, (records.Count - 2) / rowsPerRequest + 1)
            .Select(i => new Part(header + "\n" + string.Join("\n", records.Skip(1 + i * rowsPerRequest).Take(rowsPerRequest)), i * rowsPerRequest))
            .ToList();
    }

    /// <summary>The parts' outcomes as one file's: counts added, rows (and "Duplicate of row N" reasons) renumbered.</summary>
    public static ImportResult Merge(IReadOnlyList<(Part Part, ImportResult Result)> answered) => new(
        answered.Sum(a => a.Result.Created),
        answered.Sum(a => a.Result.Existing),
        answered.Sum(a => a.Result.Invalid),
        answered.SelectMany(a => a.Result.Rows.Select(r => r with
        {
            Row = r.Row + a.Part.RowsBefore,
            Reason = r.Reason is null ? null : DuplicateOfRow().Replace(r.Reason, m => $"Duplicate of row {int.Parse(m.Groups["row"].Value) + a.Part.RowsBefore}"),
        })).ToList());

    private static List<string> Records(string csv)
    {
        var records = new List<string>();
        var record = new StringBuilder();
        var quoted = false;
        foreach (var c in csv)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == '\n' && !quoted)
            {
                records.Add(record.ToString().TrimEnd('\r'));
                record.Clear();
                continue;
            }

            record.Append(c);
        }

        if (record.Length > 0)
        {
            records.Add(record.ToString().TrimEnd('\r'));
        }

        return records;
    }

    [GeneratedRegex(@"Duplicate of row (?<row>\d+)")]
    private static partial Regex DuplicateOfRow();
}
