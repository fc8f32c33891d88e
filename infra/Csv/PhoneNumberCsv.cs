using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Infrastructure.Csv;

// Streams rows as they are read from storage.
public static class PhoneNumberCsv
{
    public static readonly string[] Header =
        ["Phone number", "Extension", "Status", "Allocated to", "Cooling off date", "Main number", "Range name"];

    private const int RowsPerFlush = 200;

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<PhoneNumberDetails> numbers, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture));
        foreach (var column in Header)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var rows = 0;
        await foreach (var details in numbers.WithCancellation(cancellationToken))
        {
            var number = details.Number;
            // The number is validated E.164 and the status a fixed word; every other cell may carry text a person typed.
            csv.WriteField(number.Number);
            csv.WriteField(Neutralise(number.Extension));
            csv.WriteField(number.Status.ToWire());
            csv.WriteField(Neutralise(AllocatedTo(details)));
            // The guide's column is a date; the JSON keeps the instant.
            csv.WriteField(number.CoolingOffUntil?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(number.IsMainNumber ? "Main number" : "");
            csv.WriteField(Neutralise(number.RangeName ?? ""));
            await csv.NextRecordAsync();
            if (++rows % RowsPerFlush == 0)
            {
                await csv.FlushAsync();
            }
        }

        await csv.FlushAsync();
    }

    public static string AllocatedTo(PhoneNumberDetails details) => details.Number.Allocation switch
    {
        null => "",
        { Kind: OrganizationKind.Operator } => "Operator",
        { OccupierId: var id } => details.OccupierName ?? id ?? "",
    };

    // Spreadsheets read = + - @, tab or CR at the start as a formula; an apostrophe makes it text (OWASP "CSV injection").
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
