using System.Text;
using System.Text.RegularExpressions;

namespace Telephony.Tests.Docs;

/// <summary>
/// The relative links of the repository's Markdown, checked the way a reader of a fresh clone follows them: each must
/// stay inside the repository, name a file or folder that exists, and (for a Markdown target) an anchor it has.
/// </summary>
public static partial class MarkdownLinks
{
    /// <summary>Every Markdown file of the repository, outside build output, node_modules and dot-folders.</summary>
    public static IEnumerable<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "node_modules" or "bin" or "obj" || part.StartsWith('.')));

    /// <summary>What is wrong with the links of <paramref name="file"/>: one line per broken link.</summary>
    public static IEnumerable<string> Problems(string root, string file)
    {
        var markdown = File.ReadAllText(file);
        var name = Path.GetRelativePath(root, file).Replace('\\', '/');
        foreach (var target in Targets(markdown))
        {
            if (Problem(root, file, markdown, target) is { } problem)
            {
                yield return $"{name}: ({target}) {problem}";
            }
        }

        // A path in a code span is not a link, but a reader follows it all the same.
        foreach (Match span in CodeSpan().Matches(WithoutFences(markdown)))
        {
            var text = span.Groups[1].Value;
            if (text.StartsWith("../", StringComparison.Ordinal) && !Inside(root, Path.Combine(Path.GetDirectoryName(file)!, text)))
            {
                yield return $"{name}: `{text}` points outside the repository";
            }
        }
    }

    private static string? Problem(string root, string file, string markdown, string target)
    {
        if (Scheme().IsMatch(target))
        {
            return null;
        }

        if (target.StartsWith('/') || target.StartsWith('\\'))
        {
            return "is an absolute path: a clone elsewhere does not have it";
        }

        var hash = target.IndexOf('#');
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        if (!Inside(root, resolved))
        {
            return "leaves the repository";
        }

        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return "names a file that does not exist";
        }

        if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            var anchors = Anchors(resolved == file ? markdown : File.ReadAllText(resolved));
            if (!anchors.Contains(anchor))
            {
                return $"names an anchor '#{anchor}' that {Path.GetFileName(resolved)} does not have";
            }
        }

        return null;
    }

    private static bool Inside(string root, string path)
    {
        var full = Path.GetFullPath(path);
        var top = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(top, StringComparison.Ordinal) || full + Path.DirectorySeparatorChar == top;
    }

    /// <summary>Inline links and images (<c>[text](target)</c>) and reference definitions, outside code.</summary>
    public static IEnumerable<string> Targets(string markdown)
    {
        var text = CodeSpan().Replace(WithoutFences(markdown), "");
        return InlineLink().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(ReferenceDefinition().Matches(text).Select(m => m.Groups[1].Value))
            .Select(t => t.Trim('<', '>'));
    }

    /// <summary>The anchors a Markdown file offers: its headings as GitHub slugs them, and explicit <c>id</c>/<c>name</c> attributes.</summary>
    public static ISet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = WithoutFences(markdown);
        foreach (Match heading in Heading().Matches(text))
        {
            var slug = Slug(heading.Groups[1].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        foreach (Match explicitAnchor in ExplicitAnchor().Matches(text))
        {
            anchors.Add(explicitAnchor.Groups[1].Value);
        }

        return anchors;
    }

    /// <summary>GitHub's heading slug: the text without markup, lower case, punctuation dropped, spaces as hyphens.</summary>
    public static string Slug(string heading)
    {
        var plain = InlineLink().Replace(heading, m => m.Value[1..m.Value.IndexOf(']')]).Replace("`", "").Replace("*", "");
        var slug = new StringBuilder();
        foreach (var c in plain.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private static string WithoutFences(string markdown) => Fence().Replace(markdown, "");

    [GeneratedRegex(@"^\s*(```|~~~).*?^\s*\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+""[^""\n]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]\n]+\]:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitAnchor();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
