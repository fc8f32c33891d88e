using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;
using Telephony.Web.Api;

namespace Telephony.Web.Numbers;

public partial class NumberPanel : IDisposable
{
    [Inject] private TelephonyApi Api { get; set; } = null!;

    [Inject] private SiteNumbers State { get; set; } = null!;

    [Inject] private IDialogService DialogService { get; set; } = null!;

    [Parameter, EditorRequired] public PhoneNumber? Number { get; set; }

    [Parameter] public bool IsPlatformAdmin { get; set; }

    // So the page can close it when the URL drops the number (Back).
    public static IDialogInstance? Open { get; private set; }

    private string? _loadedFor;
    private IReadOnlyList<NumberEvent>? _history;
    private NumberConfiguration? _configuration;
    private string? _forwardTo;
    private string? _callerIdName;
    private bool _voicemailEnabled;
    private string? _pin;
    private string? _lockReason;
    private DateTime? _coolingOffUntil;
    private Problem? _problem;
    private string? _notice;

    protected override void OnInitializeDialog(DialogOptionsHeader header, DialogOptionsFooter footer)
    {
        Open = DialogInstance;
        header.Title = Number is null ? "Number" : State.Display(Number.Number);
        footer.PrimaryAction.Visible = false;
        footer.SecondaryAction.Label = "Close details";
        State.Changed += Follow;
    }

    protected override Task OnActionClickedAsync(bool primary) => DialogInstance.CancelAsync();

    // Op ended or a command elsewhere: show it as now.
    private void Follow()
    {
        if (Number is not null && State.Numbers?.FirstOrDefault(n => n.Number == Number.Number) is { } now && now != Number)
        {
            Number = now;
            _ = InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    // Config only while active; reread on change.
    private async Task LoadAsync()
    {
        if (Number is not { } n)
        {
            return;
        }

        var key = $"{n.Number}|{n.Status}|{n.UpdateInProgress}|{n.Locked}|{n.IsMainNumber}|{n.CoolingOffUntil}|{n.AllocatedTo}|{n.AssignedTo}";
        if (key == _loadedFor)
        {
            return;
        }

        _loadedFor = key;
        try
        {
            var history = Api.HistoryAsync(State.SiteId, n.Number);
            _configuration = n.StatusKind == NumberStatus.Active && !n.UpdateInProgress ? await Api.ConfigurationAsync(State.SiteId, n.Number) : null;
            _history = (await history).Items;
            _forwardTo = _configuration?.ForwardTo;
            _callerIdName = _configuration?.CallerIdName;
            _voicemailEnabled = _configuration?.VoicemailEnabled ?? true;
        }
        catch (ApiException e)
        {
            _problem = e.Problem;
        }
    }

    private Task SaveConfigurationAsync() =>
        DoAsync(n => Api.PutConfigurationAsync(State.SiteId, n,
            new NumberConfiguration(Blank(_forwardTo), Blank(_callerIdName), _voicemailEnabled)), numberChanges: false, "Configuration saved.");

    private async Task ChangePinAsync()
    {
        await DoAsync(n => Api.PutPinAsync(State.SiteId, n, _pin ?? ""), numberChanges: false, "PIN changed.");
        _pin = null;
    }

    private Task LockAsync() => DoAsync(n => Api.LockAsync(State.SiteId, n, _lockReason!.Trim()));

    private Task UnlockAsync() => DoAsync(n => Api.UnlockAsync(State.SiteId, n));

    private Task NominateMainNumberAsync() => DoAsync(n => Api.NominateMainNumberAsync(State.SiteId, n));

    private Task WithdrawMainNumberAsync() => DoAsync(n => Api.WithdrawMainNumberAsync(State.SiteId, n));

    private Task SetCoolingOffAsync() =>
        DoAsync(n => Api.SetCoolingOffAsync(State.SiteId, n, new DateTimeOffset(_coolingOffUntil!.Value.Date, TimeSpan.Zero)));

    private Task LiftCoolingOffAsync() => DoAsync(n => Api.LiftCoolingOffAsync(State.SiteId, n));

    private async Task RemoveAsync()
    {
        var number = Number!.Number;
        if (!await DialogService.ConfirmAsync("Remove from the site", $"Remove {State.Display(number)} from {State.SiteName}? Its history is kept.", "Remove"))
        {
            return;
        }

        try
        {
            await Api.RemoveAsync(State.SiteId, number);
            await DialogInstance.CancelAsync();
            await State.NumberChangedAsync(number, null);
        }
        catch (ApiException e)
        {
            _problem = e.Problem;
        }
    }

    private async Task DoAsync(Func<string, Task> change, bool numberChanges = true, string? notice = null)
    {
        var number = Number!.Number;
        _problem = null;
        _notice = null;
        try
        {
            await change(number);
            _notice = notice;
            if (numberChanges)
            {
                Number = await Api.NumberAsync(State.SiteId, number);
                await LoadAsync();
                await State.NumberChangedAsync(number, Number);
            }
        }
        catch (ApiException e)
        {
            _problem = e.Problem;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void Dispose()
    {
        State.Changed -= Follow;
        if (Open == DialogInstance)
        {
            Open = null;
        }
    }
}
