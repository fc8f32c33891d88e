using System.Reflection;
using System.Text.RegularExpressions;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Tests.Support;

namespace Telephony.Tests.OpenApi;

/// <summary>Every refusal comes from one catalogue, <see cref="Errors"/>, and each of its codes is public contract.</summary>
public sealed partial class ErrorCatalogueTests
{
    /// <summary>Every factory of <see cref="Errors"/> with the error it makes from sample arguments.</summary>
    internal static IReadOnlyList<(string Factory, DomainError Error)> Catalogue() =>
        typeof(Errors).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(DomainError))
            .Select(m => (m.Name, (DomainError)m.Invoke(null, m.GetParameters().Select(SampleArgument).ToArray())!))
            .ToList();

    private static object? SampleArgument(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(string) => "+442071234567",
        var t when t == typeof(int) => 3,
        var t when t == typeof(int?) => null,
        var t when t == typeof(bool) => false,
        var t when t == typeof(DateTimeOffset) => new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero),
        var t when t == typeof(PhoneNumberStatus) => PhoneNumberStatus.Reserved,
        var t when t == typeof(Allocation) => Allocation.Operator,
        _ when parameter.HasDefaultValue => parameter.DefaultValue,
        var t => throw new InvalidOperationException($"No sample for {parameter.Name} ({t.Name}): add one."),
    };

    [Fact]
    public void Each_code_in_the_catalogue_has_exactly_one_factory()
    {
        var catalogue = Catalogue();

        Assert.True(catalogue.Count > 30, $"Only {catalogue.Count} factories were found.");
        var shared = catalogue.GroupBy(e => e.Error.Code).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Factory))}").ToList();
        Assert.True(shared.Count == 0, "Codes made by more than one factory: " + string.Join("; ", shared));
    }

    [Fact]
    public void Every_code_in_the_catalogue_is_documented_in_the_openapi_problem_codes()
    {
        var openApi = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "openapi.yaml"));
        var documented = DocumentedCode().Matches(openApi).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var undocumented = Catalogue().Select(e => e.Error.Code).Where(code => !documented.Contains(code)).Distinct().ToList();

        Assert.True(undocumented.Count == 0, "Codes docs/openapi.yaml does not name: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void No_refusal_is_made_outside_the_catalogue()
    {
        var root = RepositoryRoot.Find();
        var outside = new[] { "domain", "infra", "functions" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !file.EndsWith(Path.Combine("Common", "Errors.cs"), StringComparison.Ordinal) &&
                           !file.EndsWith("Result.cs", StringComparison.Ordinal))
            .Where(file => RefusalMade().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(root, file))
            .ToList();

        Assert.True(outside.Count == 0, "Refusals made outside domain/Common/Errors.cs: " + string.Join(", ", outside));
    }

    /// <summary>A code in backticks, as the problem responses list them.</summary>
    [GeneratedRegex("`([a-z]+(?:-[a-z]+)*)`")]
    private static partial Regex DocumentedCode();

    /// <summary>A <see cref="DomainError"/> built with a literal code.</summary>
    [GeneratedRegex("""new(?: DomainError)?\("[a-z]+(?:-[a-z]+)*",""")]
    private static partial Regex RefusalMade();
}
