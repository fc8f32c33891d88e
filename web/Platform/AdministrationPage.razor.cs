using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.FluentUI.AspNetCore.Components;
using Telephony.Web.Api;
using Telephony.Web.Layout;
using Icons = Microsoft.FluentUI.AspNetCore.Components.Icons;

namespace Telephony.Web.Platform;

// Platform administrators only.
public partial class AdministrationPage
{
    private static readonly Icon OpenIcon = new Icons.Regular.Size16.DocumentArrowUp();

    [Inject] private TelephonyApi Api { get; set; } = null!;

    [Inject] private Session Session { get; set; } = null!;

    [Parameter] public string SiteId { get; set; } = "";

    private Me? _me;
    private Problem? _problem;
    private string? _notice;
    private string? _csv;
    private string? _fileName;
    private ImportResult? _import;

    // Made once per import: a new provider makes the grid read and redraw every row again, and this page renders on
    // each keystroke in its forms.
    private GridItemsProvider<ImportRow>? _importRows;
    private IReadOnlyList<Organization>? _organizations;
    private string? _occupierId;
    private string? _occupierName;
    private string? _occupierVoiceServices = "0";
    private string? _serviceOrganizationId;
    private string? _serviceCount = "0";
    private bool _mainNumberService;
    private string? _name;
    private string? _operatorName;
    private string? _coolingOffDays = "90";
    private string? _defaultRegion = "GB";
    private bool _autoNominate;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            var site = LoadSiteAsync();
            _me = await Session.MeAsync();
            await site;
        }
        catch (ApiException e)
        {
            _problem = e.Problem;
            _me ??= new Me("", [], [], []);
        }
    }

    // An unknown site starts empty.
    private async Task LoadSiteAsync()
    {
        try
        {
            var organizations = Api.OrganizationsAsync(SiteId);
            var settings = await Api.SiteAsync(SiteId);
            (_name, _operatorName, _coolingOffDays, _defaultRegion, _autoNominate) =
                (settings.Name, settings.OperatorName, settings.CoolingOffDays.ToString(), settings.DefaultRegion, settings.AutoNominateMainNumber);
            _organizations = (await organizations).Items;
        }
        catch (ApiException e) when (e.Problem.Status is 404 or 403)
        {
            _organizations = null;
        }
    }

    private async Task ReadFileAsync(InputFileChangeEventArgs e)
    {
        using var reader = new StreamReader(e.File.OpenReadStream(maxAllowedSize: 4 * 1024 * 1024));
        _csv = await reader.ReadToEndAsync();
        _fileName = e.File.Name;
    }

    private Task ImportAsync() => DoAsync(async () =>
    {
        _import = await Api.ImportAsync(SiteId, _csv!);
        _importRows = GridRows.Of(_import.Rows);
        await Session.RefreshAsync();
    }, null);

    private Task SaveOccupierAsync() =>
        DoAsync(() => Api.PutOccupierAsync(SiteId, _occupierId!.Trim(), _occupierName!.Trim(), Whole(_occupierVoiceServices)), $"Occupier {_occupierName} saved.");

    private Task SaveVoiceServicesAsync() =>
        DoAsync(() => Api.PutVoiceServicesAsync(SiteId, _serviceOrganizationId!.Trim(), Whole(_serviceCount), _mainNumberService), "Voice services saved.");

    private Task SaveSettingsAsync() =>
        DoAsync(() => Api.PutSettingsAsync(SiteId, new SiteSettingsRequest(
            Blank(_name), Blank(_operatorName), Whole(_coolingOffDays), (_defaultRegion ?? "").Trim().ToUpperInvariant(), _autoNominate)), "Settings saved.");

    // Non-integers go as -1 so the API refuses them in words.
    private static int Whole(string? text) => int.TryParse(text?.Trim(), out var value) ? value : -1;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Outcome(string outcome) => outcome switch
    {
        "created" => "Created",
        "existing" => "Already there",
        "invalid" => "Invalid",
        _ => outcome,
    };

    private static BadgeColor OutcomeColour(string outcome) => outcome switch
    {
        "created" => BadgeColor.Success,
        "invalid" => BadgeColor.Danger,
        _ => BadgeColor.Informative,
    };

    private async Task DoAsync(Func<Task> change, string? notice)
    {
        _problem = null;
        _notice = null;
        try
        {
            await change();
            _notice = notice;
            await LoadSiteAsync();
        }
        catch (ApiException e)
        {
            _problem = e.Problem;
        }
    }
}
