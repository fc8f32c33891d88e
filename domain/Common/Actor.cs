namespace Telephony.Domain.Common;

/// <summary>
/// Who made a change: a signed-in user (<c>user</c>, by name), or the product itself (<c>system</c>) — a schedule by
/// its name (<c>cooling-off-release</c>). Every recorded event carries one.
/// </summary>
public sealed record Actor(string Type, string Name)
{
    public const string UserType = "user";
    public const string SystemType = "system";

    /// <summary>The <see cref="Role"/> of a user who acted as an organization administrator (rule 13).</summary>
    public const string OrganizationAdminRole = "organization-admin";

    /// <summary>
    /// The capacity a user acted in, when it was not the site's operator or a platform administrator:
    /// <see cref="OrganizationAdminRole"/>. Null otherwise, and on events recorded before roles were.
    /// </summary>
    public string? Role { get; init; }

    /// <summary>Longer names are cut: the name is stored with every event and matched by the activity filter.</summary>
    public const int MaxNameLength = 128;

    /// <summary>A change made outside any request, schedule or operation that names its actor.</summary>
    public static Actor Unknown { get; } = System("unknown");

    public static Actor User(string name) => new(UserType, Cut(name));

    public static Actor System(string name) => new(SystemType, Cut(name));

    private static string Cut(string name) => name.Length <= MaxNameLength ? name : name[..MaxNameLength];
}

/// <summary>
/// The actor of the work running now, set where work enters the app — the security gate for a request, a schedule for
/// its run, an orchestration's closing step for the user who started it — and read where an event is recorded. Ambient
/// (like <see cref="System.Diagnostics.Activity.Current"/>) so the commands need no extra parameter to attribute
/// their events, and flows with the async calls made inside it.
/// </summary>
public static class CurrentActor
{
    private static readonly AsyncLocal<Actor?> Acting = new();

    public static Actor Value => Acting.Value ?? Actor.Unknown;

    /// <summary>Makes <paramref name="actor"/> the current actor until the returned scope is disposed.</summary>
    public static IDisposable Begin(Actor actor)
    {
        var previous = Acting.Value;
        Acting.Value = actor;
        return new Scope(previous);
    }

    private sealed class Scope(Actor? previous) : IDisposable
    {
        public void Dispose() => Acting.Value = previous;
    }
}
