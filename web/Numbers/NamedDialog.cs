using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Telephony.Web.Numbers;

/// <summary>A dialog of the dialog service that a screen reader announces by its title.</summary>
public abstract class NamedDialog : FluentDialogInstance
{
    [Inject] private IJSRuntime Js { get; set; } = null!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && DialogInstance.Options.Header.Title is { } title)
        {
            await using var module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/dialogs.js");
            await module.InvokeVoidAsync("name", DialogInstance.Id, title);
        }
    }
}
