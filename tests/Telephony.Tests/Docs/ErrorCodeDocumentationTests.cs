using System.Text.RegularExpressions;
using Telephony.Functions.Http;
using Telephony.Tests.OpenApi;
using Telephony.Tests.Support;

namespace Telephony.Tests.Docs;

/// <summary>docs/errors.md is the one reference of the refusals: exactly the catalogue's codes, each with its HTTP status.</summary>
public sealed partial class ErrorCodeDocumentationTests
{
    private static Dictionary<string, int> Documented()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "errors.md"));
        var rows = Row().Matches(text).Select(m => (Code: m.Groups[1].Value, Status: int.Parse(m.Groups[2].Value))).ToList();
        var repeated = rows.GroupBy(r => r.Code).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "Codes documented twice in docs/errors.md: " + string.Join(", ", repeated));
        return rows.ToDictionary(r => r.Code, r => r.Status);
    }

    private static Dictionary<string, int> Catalogue() =>
        ErrorCatalogueTests.Catalogue().ToDictionary(e => e.Error.Code, e => Problems.StatusFor(e.Error.Kind));

    [Fact]
    public void Every_code_in_the_catalogue_is_documented_in_docs_errors()
    {
        var documented = Documented();

        var missing = Catalogue().Keys.Where(code => !documented.ContainsKey(code)).Order().ToList();

        Assert.True(missing.Count == 0, "Codes docs/errors.md does not document: " + string.Join(", ", missing));
    }

    [Fact]
    public void Docs_errors_documents_no_code_the_catalogue_does_not_make()
    {
        var catalogue = Catalogue();

        var unknown = Documented().Keys.Where(code => !catalogue.ContainsKey(code)).Order().ToList();

        Assert.True(unknown.Count == 0, "Codes in docs/errors.md that domain/Common/Errors.cs does not make: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Each_documented_code_gives_the_http_status_the_api_answers_with()
    {
        var catalogue = Catalogue();

        var wrong = Documented().Where(d => catalogue.TryGetValue(d.Key, out var status) && status != d.Value)
            .Select(d => $"{d.Key}: documented {d.Value}, answered {catalogue[d.Key]}").ToList();

        Assert.True(wrong.Count == 0, "Wrong statuses in docs/errors.md: " + string.Join("; ", wrong));
    }

    /// <summary>A table row: the code in backticks, then its HTTP status.</summary>
    [GeneratedRegex(@"^\|\s*`([a-z]+(?:-[a-z]+)*)`\s*\|\s*(\d{3})\s*\|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
