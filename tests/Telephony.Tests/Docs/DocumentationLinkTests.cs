using Telephony.Tests.Support;

namespace Telephony.Tests.Docs;

/// <summary>A fresh clone is all a reader has: every relative link of the README and docs/ resolves inside it.</summary>
public sealed class DocumentationLinkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("telephony-links-").FullName;

    [Fact]
    public void Every_relative_link_in_the_repository_markdown_resolves_inside_the_repository()
    {
        var root = RepositoryRoot.Find();
        var files = MarkdownLinks.Files(root).ToList();

        Assert.Contains(files, f => Path.GetFileName(f) == "README.md");
        Assert.Contains(files, f => Path.GetFileName(f) == "rules.md");
        var problems = files.SelectMany(file => MarkdownLinks.Problems(root, file)).ToList();
        Assert.True(problems.Count == 0, "Broken links:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_rules_offer_an_anchor_for_each_numbered_rule_the_docs_cite()
    {
        var rules = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "rules.md"));

        var anchors = MarkdownLinks.Anchors(rules);

        Assert.All(Enumerable.Range(1, 14), n => Assert.Contains($"rule-{n}", anchors));
    }

    [Fact]
    public void A_link_that_leaves_the_repository_is_reported()
    {
        var problems = ProblemsOf("See [the spec](../../shared/spec/site-telephony.md).");

        Assert.Equal(["README.md: (../../shared/spec/site-telephony.md) leaves the repository"], problems);
    }

    [Fact]
    public void A_code_span_pointing_outside_the_repository_is_reported()
    {
        var problems = ProblemsOf("The rules are in `../shared/spec/site-telephony.md`.");

        Assert.Equal(["README.md: `../shared/spec/site-telephony.md` points outside the repository"], problems);
    }

    [Fact]
    public void A_link_to_a_missing_file_or_anchor_is_reported_and_a_good_one_is_not()
    {
        Directory.CreateDirectory(Path.Combine(_root, "docs"));
        File.WriteAllText(Path.Combine(_root, "docs", "rules.md"), "# Rules\n\n<a id=\"rule-1\"></a>\n**Rule 1.**\n\n## Everything else\n");

        var problems = ProblemsOf(
            "[ok](docs/rules.md#rule-1) [ok too](docs/rules.md#everything-else) [here](#guide) [web](https://example.com/x)\n" +
            "[gone](docs/missing.md) [no anchor](docs/rules.md#rule-2) ![picture](docs/images/none.png) [abs](/etc/hosts)\n\n" +
            "# Guide\n\n```\n[in code](nowhere.md)\n```\n");

        Assert.Equal(
        [
            "README.md: (docs/missing.md) names a file that does not exist",
            "README.md: (docs/rules.md#rule-2) names an anchor '#rule-2' that rules.md does not have",
            "README.md: (docs/images/none.png) names a file that does not exist",
            "README.md: (/etc/hosts) is an absolute path: a clone elsewhere does not have it",
        ], problems);
    }

    [Fact]
    public void Headings_get_the_anchors_github_gives_them()
    {
        var anchors = MarkdownLinks.Anchors("## Main numbers (rule 2)\n## `Idempotency-Key`: retries\n## Main numbers (rule 2)\n");

        Assert.Equal(["idempotency-key-retries", "main-numbers-rule-2", "main-numbers-rule-2-1"], anchors.Order());
    }

    private List<string> ProblemsOf(string readme)
    {
        var file = Path.Combine(_root, "README.md");
        File.WriteAllText(file, readme);
        return MarkdownLinks.Problems(_root, file).ToList();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
