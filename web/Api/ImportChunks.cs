using System.Text;
using System.Text.RegularExpressions;

namespace Telephony.Web.Api;

// Split because Static Web Apps cuts proxied requests at 45 s (docs/benchmarks.md). Outcomes are merged, rows renumbered
// as in the file; a file over MaxRows goes whole so the API refuses it as usual.
public static partial class ImportChunks
{
    public const int RowsPerRequest = 1_000;

    // import-too-large.
    public const int MaxRows = 20_000;

    // RowsBefore: data rows before this part.
    public sealed record Part(string Csv, int RowsBefore);

    // Split outside quotes: a quoted field may hold a line break.
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

    // "Duplicate of row N" reasons are renumbered too.
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
