using Telephony.Web.Api;

namespace Telephony.Web.Numbers;

// Page state and API calls; components never call the API themselves.
public sealed class SiteNumbers(TelephonyApi api) : IDisposable
{
    // Tests shorten it.
    public static TimeSpan PendingRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private int _loads;
    private int _views;
    private bool _refreshingPending;

    public event Action? Changed;

    public string SiteId { get; private set; } = "";

    public NumberFilter Filter { get; private set; } = new();

    public SiteSettings? Site { get; private set; }

    public Facets? Facets { get; private set; }

    public Overview? Overview { get; private set; }

    // Set on an organization's page: its numbers only, and its figures in place of the site's facets and overview.
    public string? OrganizationId { get; private set; }

    public OrganizationOverview? Organization { get; private set; }

    // Null until the first answer.
    public List<PhoneNumber>? Numbers { get; private set; }

    public TokenPages Pages { get; } = new();

    public Problem? Problem { get; set; }

    // 403: say so rather than show an empty list.
    public bool NoAccess { get; private set; }

    public IReadOnlyList<BulkOutcome>? Outcomes { get; private set; }

    public string SiteName => Site?.Name ?? Overview?.Name ?? SiteId;

    public string OperatorName => Site?.OperatorName ?? Overview?.OperatorName ?? "Operator";

    public string Display(string e164) => PhoneFormat.National(e164, Site?.DefaultRegion);

    public string AllocatedTo(PhoneNumber number) => number.AllocatedToName(OperatorName);

    // What an empty list means: nothing there yet, or nothing that matches the filters the caller chose.
    public string EmptyText => OrganizationId is { } organizationId
        ? $"No number is allocated to {Organization?.Name ?? (organizationId == NumberFilter.OperatorId ? OperatorName : organizationId)} yet."
        : Filter.IsEmpty ? $"{SiteName} has no numbers yet." : "No number matches these filters.";

    public IReadOnlyCollection<string> Selected => _selected;

    public bool IsSelected(PhoneNumber number) => _selected.Contains(number.Number);

    // Known when one page holds them all or a facet counts them.
    public string Count
    {
        get
        {
            if (Numbers is null)
            {
                return "";
            }

            var total = Facets?.Total;
            int? matching = !Pages.HasNext && !Pages.HasPrevious ? Numbers.Count : FacetCount() ?? Organization?.Numbers;
            var of = total is { } t ? $" of {t:N0}" : "";
            return matching is { } m
                ? $"{m:N0}{of} {(m == 1 && total is null ? "number" : "numbers")}"
                : $"More than {Numbers.Count:N0}{of} numbers match; {Numbers.Count} shown on page {Pages.Number}";
        }
    }

    private int? FacetCount()
    {
        if (Facets is null || Filter.Search is not null)
        {
            return null;
        }

        return Filter switch
        {
            { Status: null, Allocation: null, Assignment: null } => Facets.Total,
            { Status: { } s, Allocation: null, Assignment: null } => Facets.Statuses.GetValueOrDefault(s),
            { Status: null, Allocation: "unallocated", Assignment: null } => Facets.Allocation.Unallocated ?? 0,
            { Status: null, Allocation: "operator", Assignment: null } => Facets.Allocation.Operator ?? 0,
            { Status: null, Allocation: "occupier", OccupierId: null, Assignment: null } => Facets.Allocation.Occupiers.Sum(o => o.Count),
            { Status: null, Allocation: "occupier", OccupierId: { } id, Assignment: null } => Facets.Allocation.Occupiers.FirstOrDefault(o => o.OccupierId == id)?.Count ?? 0,
            { Status: null, Allocation: null, Assignment: { } a } => Facets.Assignment.GetValueOrDefault(a),
            _ => null,
        };
    }

    // Rows show once the list and settings (the number region) are in. The counts (facets and overview, or the
    // organization's) each read the site's numbers, so they are asked for once the list has answered: sent together,
    // they held the list back (docs/benchmarks.md).
    public async Task ShowAsync(string siteId, NumberFilter filter, string? organizationId = null)
    {
        var siteChanged = siteId != SiteId || organizationId != OrganizationId || Site is null && Overview is null && Organization is null;
        if (!siteChanged && filter == Filter && Numbers is not null)
        {
            return;
        }

        SiteId = siteId;
        OrganizationId = organizationId;
        Filter = filter;
        _selected.Clear();
        Outcomes = null;
        Pages.Reset();
        if (siteChanged)
        {
            _views++;
            (Site, Facets, Overview, Organization, Numbers, NoAccess) = (null, null, null, null, null, false);
            var site = Guard(api.SiteAsync(siteId, _disposed.Token), s => Site = s);
            await LoadPageAsync(null, site);
            await RefreshCountsAsync();
        }
        else
        {
            await LoadPageAsync(null, Task.CompletedTask);
        }
    }

    public Task PageAsync(string? token) => LoadPageAsync(token, Task.CompletedTask, keepSelection: false);

    public Task RefreshAsync() => Task.WhenAll(LoadPageAsync(Pages.Current, Task.CompletedTask), RefreshCountsAsync());

    private async Task LoadPageAsync(string? token, Task before, bool keepSelection = true)
    {
        // Quick Back/Forward: a stale load answering last must not show its rows.
        var load = ++_loads;
        Problem = null;
        try
        {
            var page = api.NumbersAsync(SiteId, Filter, token, _disposed.Token);
            await before;
            var answer = await page;
            if (load != _loads)
            {
                return;
            }

            Numbers = answer.Items.ToList();
            Pages.Shown(token, answer.ContinuationToken);
            if (!keepSelection)
            {
                _selected.Clear();
            }
        }
        catch (ApiException e)
        {
            if (load != _loads)
            {
                return;
            }

            Fail(e.Problem);
            Numbers ??= [];
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Changed?.Invoke();
        _ = RefreshPendingAsync();
    }

    // A 403 turns the page into "no access".
    private async Task Guard<T>(Task<T> read, Action<T> show)
    {
        // An answer for the site or organization shown before (the overview's 403 for an organization administrator sent on to theirs) is dropped.
        var view = _views;
        try
        {
            var answer = await read;
            if (view != _views)
            {
                return;
            }

            show(answer);
        }
        catch (ApiException e) when (e.Problem.Status == 404 && typeof(T) == typeof(SiteSettings))
        {
            // No settings yet: defaults hold.
        }
        catch (ApiException e) when (view == _views)
        {
            Fail(e.Problem);
        }
        catch (Exception e) when (e is OperationCanceledException or ApiException)
        {
            return;
        }

        Changed?.Invoke();
    }

    private void Fail(Problem problem)
    {
        if (problem.Status == 403)
        {
            NoAccess = true;
        }

        Problem ??= problem;
    }

    public async Task RefreshCountsAsync()
    {
        // An organization administrator may not read the site's overview.
        if (OrganizationId is { } organizationId)
        {
            await Guard(api.OrganizationAsync(SiteId, organizationId, _disposed.Token), o => Organization = o);
            return;
        }

        await Task.WhenAll(
            Guard(api.FacetsAsync(SiteId, _disposed.Token), f => Facets = f),
            Guard(api.OverviewAsync(SiteId, _disposed.Token), o => Overview = o));
    }

    // So the next command carries the current ETag.
    public async Task<PhoneNumber?> ReadAsync(string number)
    {
        Problem = null;
        try
        {
            var fresh = await api.NumberAsync(SiteId, number, _disposed.Token);
            Replace(fresh);
            return fresh;
        }
        catch (ApiException e)
        {
            Problem = e.Problem;
            Changed?.Invoke();
            return null;
        }
    }

    public Task RunAsync(PhoneNumber number, NumberAction action) =>
        RunAsync(() => api.CommandAsync(number, SiteId, action, _disposed.Token));

    public Task AllocateAsync(PhoneNumber number, string organizationId) =>
        RunAsync(() => organizationId == "operator"
            ? api.AllocateToOperatorAsync(number, SiteId, _disposed.Token)
            : api.AllocateToOccupierAsync(number, SiteId, organizationId, _disposed.Token));

    public Task AssignAsync(PhoneNumber number, string userId, string displayName) =>
        RunAsync(() => api.AssignAsync(number, SiteId, userId, displayName, _disposed.Token));

    private async Task RunAsync(Func<Task<PhoneNumber>> command)
    {
        Problem = null;
        try
        {
            Replace(await command());
        }
        catch (ApiException e) when (e.IsStale && e.Current is { } current)
        {
            Replace(current);
            Problem = new Problem("Someone else changed this number", $"Nothing was done. {Describe(current)} Check it and try again.", 412, e.Problem.Code);
        }
        catch (ApiException e)
        {
            Problem = e.Problem;
        }

        Changed?.Invoke();
        _ = RefreshPendingAsync();
        await RefreshCountsAsync();
    }

    // null = removed.
    public async Task NumberChangedAsync(string number, PhoneNumber? now)
    {
        if (now is null)
        {
            Numbers?.RemoveAll(n => n.Number == number);
            _selected.Remove(number);
        }
        else
        {
            Replace(now);
        }

        Changed?.Invoke();
        _ = RefreshPendingAsync();
        await RefreshCountsAsync();
    }

    public string Describe(PhoneNumber number) =>
        $"{Display(number.Number)} is now {number.StatusText}" + (number.AllocatedTo is null ? "" : $", allocated to {AllocatedTo(number)}") + ".";

    // Selection and bulk actions.

    public void Select(PhoneNumber number, bool selected)
    {
        if (selected ? _selected.Add(number.Number) : _selected.Remove(number.Number))
        {
            Outcomes = null;
            Changed?.Invoke();
        }
    }

    public void SelectPage(bool selected)
    {
        foreach (var number in Numbers ?? [])
        {
            if (selected)
            {
                _selected.Add(number.Number);
            }
            else
            {
                _selected.Remove(number.Number);
            }
        }

        Outcomes = null;
        Changed?.Invoke();
    }

    // null when some are.
    public bool? PageSelected =>
        Numbers is not { Count: > 0 } ? false
        : Numbers.All(IsSelected) ? true
        : Numbers.Any(IsSelected) ? null : false;

    // From "Select all that match".
    private readonly Dictionary<string, PhoneNumber> _selectedElsewhere = new(StringComparer.Ordinal);

    // Capped at the bulk route's 1,000.
    public async Task SelectAllMatchingAsync()
    {
        Problem = null;
        try
        {
            var all = await api.NumbersAsync(SiteId, Filter, null, _disposed.Token, BulkLimit);
            _selectedElsewhere.Clear();
            foreach (var number in all.Items)
            {
                _selected.Add(number.Number);
                _selectedElsewhere[number.Number] = number;
            }

            MoreThanSelected = all.ContinuationToken is not null;
        }
        catch (ApiException e)
        {
            Problem = e.Problem;
        }

        Outcomes = null;
        Changed?.Invoke();
    }

    public const int BulkLimit = 1_000;

    public bool MoreThanSelected { get; private set; }

    private IEnumerable<PhoneNumber> SelectedNumbers =>
        _selected.Select(n => Numbers?.FirstOrDefault(p => p.Number == n) ?? _selectedElsewhere.GetValueOrDefault(n)).OfType<PhoneNumber>();

    public IReadOnlyList<NumberAction> CommonActions
    {
        get
        {
            var selected = SelectedNumbers.ToList();
            return selected.Count == 0
                ? []
                : NumberActions.Bulk.Where(a => selected.All(n => NumberActions.Allowed(n).Contains(a))).ToList();
        }
    }

    public void ClearSelection()
    {
        _selected.Clear();
        _selectedElsewhere.Clear();
        MoreThanSelected = false;
        Changed?.Invoke();
    }

    // Each number's outcome is kept to be shown.
    public async Task BulkAsync(NumberAction action, string? organizationId = null)
    {
        Problem = null;
        var operations = SelectedNumbers.Select(n => action == NumberAction.Allocate
            ? new BulkOperation("allocate", n.Number, organizationId == "operator" ? "operator" : "occupier", organizationId == "operator" ? null : organizationId)
            : new BulkOperation(action.Wire(), n.Number)).ToList();
        try
        {
            var answer = await api.BulkAsync(SiteId, operations, _disposed.Token);
            Outcomes = answer.Results.Select(r => new BulkOutcome(r.Number ?? "", r.Number is null ? "" : Display(r.Number), BulkOutcome.Words(action, r))).ToList();
            _selected.Clear();
            _selectedElsewhere.Clear();
            MoreThanSelected = false;
        }
        catch (ApiException e)
        {
            Problem = e.Problem;
        }

        Changed?.Invoke();
        await Task.WhenAll(LoadPageAsync(Pages.Current, Task.CompletedTask), RefreshCountsAsync());
    }

    private void Replace(PhoneNumber number)
    {
        var index = Numbers?.FindIndex(n => n.Number == number.Number) ?? -1;
        if (index >= 0)
        {
            Numbers![index] = number;
        }
    }

    private async Task RefreshPendingAsync()
    {
        if (_refreshingPending)
        {
            return;
        }

        _refreshingPending = true;
        try
        {
            while (!_disposed.IsCancellationRequested && Numbers?.Where(n => n.UpdateInProgress).Select(n => n.Number).ToList() is { Count: > 0 } pending)
            {
                await Task.Delay(PendingRefreshInterval, _disposed.Token);
                foreach (var number in pending)
                {
                    Replace(await api.NumberAsync(SiteId, number, _disposed.Token));
                }

                Changed?.Invoke();
                if (!Numbers.Any(n => n.UpdateInProgress))
                {
                    await RefreshCountsAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ApiException e)
        {
            Problem = e.Problem;
            Changed?.Invoke();
        }
        finally
        {
            _refreshingPending = false;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}

public sealed record BulkOutcome(string Number, string Shown, string Text)
{
    public bool Refused => Text.StartsWith("Refused", StringComparison.Ordinal);

    public static string Words(NumberAction action, BulkResult result) => result.Outcome switch
    {
        "done" => action switch
        {
            NumberAction.Allocate => "Allocated",
            NumberAction.Deallocate => "Deallocated",
            _ => "Done",
        },
        "started" => action == NumberAction.Activate ? "Activation started" : "Deactivation started",
        _ => "Refused: " + Refusals.Words(result.Code),
    };
}
