namespace Telephony.Web.Api;

/// <summary>
/// The API refused a request. <see cref="Problem"/> holds its title and detail, which the page shows in words;
/// on a <c>412</c> <see cref="Current"/> holds the number as it is now.
/// </summary>
public sealed class ApiException(Problem problem, PhoneNumber? current = null) : Exception(problem.Title)
{
    public Problem Problem { get; } = problem;

    public PhoneNumber? Current { get; } = current;

    public bool IsStale => Problem.Status == 412;
}
