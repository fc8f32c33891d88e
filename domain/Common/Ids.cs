using System.Text.RegularExpressions;

namespace Telephony.Domain.Common;

/// <summary>The shape of caller-chosen ids (sites, occupiers, users): safe as storage keys and in URLs.</summary>
public static partial class Ids
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);

    public static DomainError? Check(string? id, string what) =>
        IsValid(id) ? null : Errors.InvalidRequest($"The {what} id must be 1-64 letters, digits, '-' or '_', starting with a letter or digit.");

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}

/// <summary>A site's id, read once where it enters (a route, a body): what reaches the domain is always well formed.</summary>
public sealed record SiteId
{
    public SiteId(string value)
    {
        if (!Ids.IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not a site id.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>The site id, or <c>invalid-request</c> for a malformed one.</summary>
    public static Result<SiteId> Read(string? value) => Ids.Check(value, "site") is { } invalid ? invalid : new SiteId(value!);

    public override string ToString() => Value;
}
