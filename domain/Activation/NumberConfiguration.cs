using System.Security.Cryptography;
using System.Text;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Activation;

// A number without one answers Default and has the default PIN (PinHash null).
public sealed record NumberConfiguration(string? ForwardTo, string? CallerIdName, bool VoicemailEnabled, string? PinHash)
{
    public const int MaxCallerIdNameLength = 50;

    public static NumberConfiguration Default { get; } = new(null, null, true, null);

    public NumberConfiguration WithoutCustomConfiguration() => Default with { PinHash = PinHash };

    public NumberConfiguration WithDefaultPin() => this with { PinHash = null };

    public bool PinIs(string pin, string defaultPin) => PinHash is null ? pin == defaultPin : VoicemailPin.Matches(pin, PinHash);

    public static Result<NumberConfiguration> Parse(string? forwardTo, string? callerIdName, bool? voicemailEnabled, string region, string? pinHash)
    {
        var errors = new Dictionary<string, string[]>();
        string? forwardToE164 = null;
        if (forwardTo is not null && !E164.TryNormalize(forwardTo, region, out forwardToE164!))
        {
            errors["forwardTo"] = ["forwardTo must be a phone number (E.164, or national format in the site's region), or null."];
        }

        callerIdName = callerIdName?.Trim();
        if (callerIdName is not null && (callerIdName.Length is 0 or > MaxCallerIdNameLength || callerIdName.Any(char.IsControl)))
        {
            errors["callerIdName"] = [$"callerIdName must be 1-{MaxCallerIdNameLength} printable characters, or null."];
        }

        if (voicemailEnabled is null)
        {
            errors["voicemailEnabled"] = ["voicemailEnabled is required (true or false)."];
        }

        return errors.Count > 0
            ? Errors.InvalidRequest("The configuration is not valid.", errors)
            : new NumberConfiguration(forwardToE164, callerIdName, voicemailEnabled!.Value, pinHash);
    }
}

// Stored as salted PBKDF2, never the PIN itself.
public static class VoicemailPin
{
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    public static DomainError? Check(string? pin)
    {
        if (pin is null || pin.Length is < 4 or > 8 || !pin.All(char.IsAsciiDigit))
        {
            return Errors.InvalidRequest("The PIN must be 4 to 8 digits.", new Dictionary<string, string[]> { ["pin"] = ["4 to 8 digits."] });
        }

        if (IsTrivial(pin))
        {
            return Errors.InvalidRequest(
                "The PIN is too easy to guess: avoid repeating one digit and runs such as 1234 or 9876.",
                new Dictionary<string, string[]> { ["pin"] = ["too easy to guess."] });
        }

        return null;
    }

    public static string Hash(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Matches(string pin, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }

        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool IsTrivial(string pin)
    {
        if (pin.All(c => c == pin[0]))
        {
            return true;
        }

        var steps = pin.Zip(pin.Skip(1), (a, b) => b - a).Distinct().ToList();
        return steps is [1] or [-1];
    }
}

// Until it ends or Until passes (the app stopped midway), no other change starts and a deactivation waits.
public sealed record ConfigurationChange(string ChangeId, DateTimeOffset Until)
{
    public bool InProgress(DateTimeOffset now) => Until > now;
}

public sealed record StoredConfiguration(NumberConfiguration Configuration, ConfigurationChange? Change, string Version);

public interface INumberConfigurationStore
{
    Task<NumberConfiguration?> FindAsync(string siteId, string number, CancellationToken cancellationToken);

    Task<StoredConfiguration?> ReadAsync(string siteId, string number, CancellationToken cancellationToken);

    // Moves the number's version on in the same transaction, so no change starts once a deactivation made it PENDING.
    Task<StoredConfiguration?> TryStartChangeAsync(PhoneNumber number, StoredConfiguration? current, ConfigurationChange change, CancellationToken cancellationToken);

    // False when the change outlived its time-out and another began.
    Task<bool> TryEndChangeAsync(string siteId, string number, StoredConfiguration started, NumberConfiguration configuration, CancellationToken cancellationToken);

    // No version check: a deactivation's clean-up is the only writer while the number is PENDING.
    Task ReplaceAsync(string siteId, string number, NumberConfiguration configuration, CancellationToken cancellationToken);
}

public interface IPendingNumberQuery
{
    IAsyncEnumerable<PhoneNumber> PendingAsync(CancellationToken cancellationToken);
}
