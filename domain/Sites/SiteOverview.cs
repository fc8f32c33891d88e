using Telephony.Domain.PhoneNumbers;

namespace Telephony.Domain.Sites;

public sealed record OrganizationSummary(OrganizationView Organization, int Numbers, IReadOnlyDictionary<PhoneNumberStatus, int> Statuses);

public sealed record CoolingOffWeek(DateOnly WeekStarting, int Count);

// CoolingOffLater: COOLDOWN numbers ending after the last of CoolingOffWeeks.
public sealed record SiteOverview(
    SiteView Site,
    int Total,
    IReadOnlyDictionary<PhoneNumberStatus, int> Statuses,
    IReadOnlyList<OrganizationSummary> Organizations,
    IReadOnlyList<CoolingOffWeek> CoolingOffWeeks,
    int CoolingOffLater);

// One pass over a site's numbers; the first week starts today (UTC).
public sealed class SiteOverviewCount(DateTimeOffset now)
{
    public const int Weeks = 13;

    private static readonly int StatusCount = Enum.GetValues<PhoneNumberStatus>().Length;

    private readonly DateOnly _today = DateOnly.FromDateTime(now.UtcDateTime);
    private readonly DateTimeOffset _firstWeekStart = new(now.UtcDateTime.Date, TimeSpan.Zero);
    private readonly int[] _statuses = new int[StatusCount];
    private readonly Dictionary<string, int[]> _byOrganization = new(StringComparer.Ordinal);
    private readonly int[] _weeks = new int[Weeks];
    private int _later;
    private int _total;

    public void Count(PhoneNumber number)
    {
        _total++;
        _statuses[(int)number.Status]++;
        if (number.Allocation is { } allocation)
        {
            if (!_byOrganization.TryGetValue(allocation.OrganizationId, out var statuses))
            {
                _byOrganization[allocation.OrganizationId] = statuses = new int[StatusCount];
            }

            statuses[(int)number.Status]++;
        }

        if (number.Status == PhoneNumberStatus.Cooldown)
        {
            CountCoolingOff(number.CoolingOffUntil);
        }
    }

    // A date already past (the release run has not reached it yet) is due now: week 0.
    private void CountCoolingOff(DateTimeOffset? until)
    {
        var week = until is { } end ? Math.Max(0, (end - _firstWeekStart).Ticks / TimeSpan.TicksPerDay / 7) : 0;
        if (week < Weeks)
        {
            _weeks[week]++;
        }
        else
        {
            _later++;
        }
    }

    public SiteOverview Overview(SiteView site, IEnumerable<OrganizationView> organizations) => new(
        site,
        _total,
        Present(_statuses),
        organizations.Select(Summary).ToList(),
        _weeks.Select((count, k) => new CoolingOffWeek(_today.AddDays(7 * k), count)).ToList(),
        _later);

    public OrganizationSummary Summary(OrganizationView organization)
    {
        var statuses = _byOrganization.GetValueOrDefault(organization.OrganizationId) ?? new int[StatusCount];
        return new OrganizationSummary(organization, statuses.Sum(), Present(statuses));
    }

    private static SortedDictionary<PhoneNumberStatus, int> Present(int[] counts) =>
        new(Enumerable.Range(0, counts.Length).Where(s => counts[s] > 0).ToDictionary(s => (PhoneNumberStatus)s, s => counts[s]));
}
