using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;
using Microsoft.JSInterop;
using Telephony.Web.Api;

namespace Telephony.Web.Numbers;

// The URL holds filters and the open number, so Back/Forward restore the view and close the panel.
public partial class NumbersPage : IHandleEvent
{
    [Inject] protected SiteNumbers State { get; set; } = null!;

    [Inject] private Session Session { get; set; } = null!;

    [Inject] private TelephonyApi Api { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private IDialogService DialogService { get; set; } = null!;

    [Inject] private IJSRuntime Js { get; set; } = null!;

    [Parameter] public string SiteId { get; set; } = "";

    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "allocation")] public string? Allocation { get; set; }
    [SupplyParameterFromQuery(Name = "occupierId")] public string? OccupierId { get; set; }
    [SupplyParameterFromQuery(Name = "assignment")] public string? Assignment { get; set; }
    [SupplyParameterFromQuery(Name = "search")] public string? Search { get; set; }

    // E.164.
    [SupplyParameterFromQuery(Name = "number")] public string? OpenNumber { get; set; }

    private Me? _me;
    private IReadOnlyList<PhoneNumber> _rows = [];
    private HashSet<string> _rowsSelected = [];
    private (string? Region, string Operator) _rowsWords;

    // For the organization's page, which shows the same rows, panel and dialogs.
    protected Me? SignedIn => _me;

    protected IReadOnlyList<PhoneNumber> Rows => _rows;

    private string? _panelFor;
    private bool _panelPushed;

    protected override void OnInitialized()
    {
        State.Changed += Redraw;
        Session.RefreshRequested += State.RefreshAsync;
        // Not awaited: the list's reads start alongside.
        _ = ReadMeAsync();
    }

    private async Task ReadMeAsync()
    {
        try
        {
            _me = await Session.MeAsync();
            StateHasChanged();
        }
        catch (ApiException)
        {
            // The header says why; the list works without it.
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var show = State.ShowAsync(SiteId, new NumberFilter(Status, Allocation, OccupierId, Assignment, Search));
        await FollowPanelAsync();
        await show;
    }

    // The page draws when State changes (Redraw) or the URL does, never merely because one of its handlers ran: a
    // filter's change drew the whole page (the filter bar, the overview) while the list was on its way, then again when
    // the URL followed, and the list's answer waited behind the first (docs/benchmarks.md).
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg) => callback.InvokeAsync(arg);

    private void Redraw()
    {
        // The table redraws its rows only for a new list (a row replaced in place needs one), and only when what they
        // show changed (the rows, the selection, the number format, the operator's name): the facets and the overview
        // arriving leave 50 rows of buttons alone.
        var numbers = State.Numbers ?? [];
        if (numbers.Count != _rows.Count || !numbers.Zip(_rows).All(p => ReferenceEquals(p.First, p.Second))
            || !_rowsSelected.SetEquals(State.Selected) || _rowsWords != (State.Site?.DefaultRegion, State.OperatorName))
        {
            _rows = numbers.ToList();
            _rowsSelected = [.. State.Selected];
            _rowsWords = (State.Site?.DefaultRegion, State.OperatorName);
        }

        _ = InvokeAsync(StateHasChanged);
    }

    // A navigation, so Back/Forward restore it. The list is asked for first, as the URL will hold the filter: the
    // navigation's own renders then run while it is on its way, and OnParametersSetAsync finds it already asked for.
    private void ApplyFilter(NumberFilter filter)
    {
        var query = filter.ToQuery();
        _ = State.ShowAsync(SiteId, NumberFilter.FromQuery(NumberFilter.ParseQuery("?" + query)));
        Navigation.NavigateTo($"sites/{Uri.EscapeDataString(SiteId)}" + (query.Length == 0 ? "" : "?" + query));
    }

    protected void OpenDetails(PhoneNumber number)
    {
        _panelPushed = true;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("number", number.Number));
    }

    // Follows the URL: closes when ?number= goes (Back).
    protected async Task FollowPanelAsync()
    {
        if (OpenNumber == _panelFor)
        {
            return;
        }

        if (NumberPanel.Open is { } open)
        {
            _panelFor = null;
            await open.CancelAsync();
        }

        _panelFor = OpenNumber;
        if (OpenNumber is { } number)
        {
            _ = ShowPanelAsync(number);
        }
    }

    private async Task ShowPanelAsync(string number)
    {
        var shown = State.Numbers?.FirstOrDefault(n => n.Number == number) ?? await State.ReadAsync(number);
        if (shown is null || _panelFor != number)
        {
            return;
        }

        await DialogService.ShowDrawerAsync<NumberPanel>(o =>
        {
            o.Parameters.Add(nameof(NumberPanel.Number), shown);
            o.Parameters.Add(nameof(NumberPanel.IsPlatformAdmin), _me?.IsPlatformAdmin == true);
            o.Width = "min(36rem, 100vw)";
        });

        // Closed here: the URL forgets it so Back won't reopen.
        if (_panelFor == number)
        {
            _panelFor = null;
            if (_panelPushed)
            {
                _panelPushed = false;
                await Js.InvokeVoidAsync("history.back");
            }
            else
            {
                Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("number", (string?)null), replace: true);
            }
        }
    }

    protected async Task StartActionAsync((PhoneNumber Number, NumberAction Action) request)
    {
        // Read now: a change meanwhile is refused (412).
        if (await State.ReadAsync(request.Number.Number) is not { } fresh)
        {
            return;
        }

        var shown = State.Display(fresh.Number);
        switch (request.Action)
        {
            case NumberAction.Allocate:
                if (await OrganizationsAsync() is { } organizations && await DialogService.AllocateAsync(organizations, shown) is { } organizationId)
                {
                    await State.AllocateAsync(fresh, organizationId);
                }

                break;
            case NumberAction.Assign:
                if (await DialogService.AssignAsync(shown) is { } user)
                {
                    await State.AssignAsync(fresh, user.UserId, user.DisplayName);
                }

                break;
            default:
                if (await DialogService.ConfirmAsync($"{request.Action.Label()} {shown}", request.Action.Question(shown), request.Action.Label()))
                {
                    await State.RunAsync(fresh, request.Action);
                }

                break;
        }
    }

    protected async Task BulkAsync(NumberAction action)
    {
        var what = $"{State.Selected.Count} numbers";
        if (action == NumberAction.Allocate)
        {
            if (await OrganizationsAsync() is { } organizations && await DialogService.AllocateAsync(organizations, what) is { } organizationId)
            {
                await State.BulkAsync(action, organizationId);
            }
        }
        else if (await DialogService.ConfirmAsync($"{action.Label()} {what}", $"{action.Label()} the {what} selected? Each number's outcome is shown.", action.Label()))
        {
            await State.BulkAsync(action);
        }
    }

    private async Task<IReadOnlyList<Organization>?> OrganizationsAsync()
    {
        try
        {
            return (await Api.OrganizationsAsync(SiteId)).Items;
        }
        catch (ApiException e)
        {
            State.Problem = e.Problem;
            Redraw();
            return null;
        }
    }

    public void Dispose()
    {
        State.Changed -= Redraw;
        Session.RefreshRequested -= State.RefreshAsync;
    }
}
