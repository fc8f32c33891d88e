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
