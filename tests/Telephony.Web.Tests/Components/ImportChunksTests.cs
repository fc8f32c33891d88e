using System.Net;
using System.Text;
using Telephony.Functions.Administration;
using Telephony.Tests.Support;
using Telephony.Web.Api;

namespace Telephony.Web.Tests.Components;

/// <summary>
/// The page imports a large file in parts of 1,000 rows so that no request nears Static Web Apps' 45 s; the outcome is
/// the file's, row for row, as if it had been sent whole.
/// </summary>
public sealed class ImportChunksTests
{
    private const string Header = "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason";

    [Fact]
    public void A_large_file_is_split_into_parts_of_the_header_and_at_most_1000_rows_in_order()
    {
        var rows = Enumerable.Range(0, 2_500).Select(Row).ToList();

        var parts = ImportChunks.Split(Header + "\n" + string.Join("\n", rows) + "\n");

        Assert.Equal([0, 1_000, 2_000], parts.Select(p => p.RowsBefore));
        Assert.All(parts, p => Assert.StartsWith(Header + "\n", p.Csv));
        Assert.Equal([1_000, 1_000, 500], parts.Select(p => p.Csv.Split('\n').Length - 1));
        Assert.Equal(rows, parts.SelectMany(p => p.Csv.Split('\n').Skip(1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000)]
    [InlineData(20_001)]
    public void A_file_of_one_part_or_over_the_APIs_limit_goes_whole(int count)
    {
        var csv = Header + "\r\n" + string.Join("\r\n", Enumerable.Range(0, count).Select(Row));

        var part = Assert.Single(ImportChunks.Split(csv));

        Assert.Equal(csv, part.Csv);
        Assert.Equal(0, part.RowsBefore);
    }

    [Fact]
    public void A_quoted_field_holding_a_line_break_stays_in_its_row()
    {
        var csv = Header + "\n" + Row(0) + "\n+442071230001,1,R,false,,true,\"Held for\nthe mayor\"\n" + Row(2);

        var parts = ImportChunks.Split(csv, rowsPerRequest: 1);

        Assert.Equal(3, parts.Count);
        Assert.EndsWith("\"Held for\nthe mayor\"", parts[1].Csv);
    }

    [Fact]
    public void The_parts_outcomes_add_up_and_keep_the_files_row_numbers()
    {
        var parts = new[] { new ImportChunks.Part("", 0), new ImportChunks.Part("", 1_000) };
        var merged = ImportChunks.Merge([
            (parts[0], new ImportResult(1, 0, 0, [new ImportRow(2, "+442071230000", "created", null)])),
            (parts[1], new ImportResult(0, 1, 1, [new ImportRow(2, "+442071231000", "existing", null), new ImportRow(5, "+442071231000", "invalid", "Duplicate of row 2.")])),
        ]);

        Assert.Equal((1, 1, 1), (merged.Created, merged.Existing, merged.Invalid));
        Assert.Equal([2, 1_002, 1_005], merged.Rows.Select(r => r.Row));
        Assert.Equal("Duplicate of row 1002.", merged.Rows[2].Reason);
    }

    [Fact]
    public async Task A_2500_row_import_through_the_functions_has_the_outcome_of_the_file_sent_whole()
    {
        await using var app = await TestApp.StartAsync();
        var rows = Enumerable.Range(0, 2_500).Select(Row).ToList();
        rows[1_400] = "not-a-number,1,R,false,,false,";
        rows[1_600] = rows[1_500]; // a duplicate within one part
        var csv = Header + "\n" + string.Join("\n", rows);
        var requests = new List<string>();
        var client = new TelephonyApi(new HttpClient(new FunctionHandler(app, requests)) { BaseAddress = new Uri("https://page.test/") });

        var inParts = await client.ImportAsync("chunked", csv);
        var whole = await new Telephony.Tests.Support.Api(app).ImportAsync("whole", csv);

        Assert.Equal(3, requests.Count);
        Assert.Equal(3, requests.Distinct().Count()); // a fresh Idempotency-Key per part
        Assert.Equal(200, whole.Status);
        Assert.Equal((2_498, 0, 2), (inParts.Created, inParts.Existing, inParts.Invalid));
        Assert.Equal(whole.Json["created"]!.GetValue<int>(), inParts.Created);
        var wholeRows = whole.Json["rows"]!.AsArray()
            .Select(r => (r!["row"]!.GetValue<int>(), r["number"]?.GetValue<string>(), r["outcome"]!.GetValue<string>(), r["reason"]?.GetValue<string>()));
        Assert.Equal(wholeRows, inParts.Rows.Select(r => (r.Row, r.Number, r.Outcome, r.Reason)));
    }

    private static string Row(int i) => $"+4420712{i:D5},{i:D5},London,false,,false,";

    /// <summary>Hands the page's import requests to the function class, as the Functions host would.</summary>
    private sealed class FunctionHandler(TestApp app, List<string> idempotencyKeys) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            var segments = message.RequestUri!.AbsolutePath.Split('/');
            Assert.Equal(["", "api", "platform", "sites", segments[4], "phone-numbers", "import"], segments);
            idempotencyKeys.Add(message.Headers.GetValues("Idempotency-Key").Single());
            var body = await message.Content!.ReadAsStringAsync(cancellationToken);
            var request = HttpCall.Request("POST", message.RequestUri.AbsolutePath, body, "text/csv");

            var answer = await (await app.Function<AdministrationFunctions>().ImportPhoneNumbers(request, segments[4], cancellationToken)).ExecuteAsync(request);

            var content = new StringContent(answer.Body, Encoding.UTF8);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(answer.ContentType ?? "application/json");
            return new HttpResponseMessage((HttpStatusCode)answer.Status) { Content = content };
        }
    }
}
