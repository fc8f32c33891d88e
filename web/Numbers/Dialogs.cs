using Microsoft.FluentUI.AspNetCore.Components;
using Telephony.Web.Api;

namespace Telephony.Web.Numbers;

/// <summary>The page's dialogs, shown through Fluent's dialog service so that they all look and behave alike.</summary>
public static class Dialogs
{
    /// <summary>The organization chosen (<c>operator</c> or an occupier's id), or null when cancelled.</summary>
    public static async Task<string?> AllocateAsync(this IDialogService dialogs, IReadOnlyList<Organization> organizations, string what)
    {
        var result = await dialogs.ShowDialogAsync<AllocateDialog>(o =>
        {
            o.Parameters.Add(nameof(AllocateDialog.Organizations), organizations);
            o.Parameters.Add(nameof(AllocateDialog.What), what);
        });
        return result.Cancelled ? null : result.Value as string;
    }

    public static async Task<AssignDialog.User?> AssignAsync(this IDialogService dialogs, string what)
    {
        var result = await dialogs.ShowDialogAsync<AssignDialog>(o => o.Parameters.Add(nameof(AssignDialog.What), what));
        return result.Cancelled ? null : result.Value as AssignDialog.User;
    }

    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string question, string action)
    {
        var result = await dialogs.ShowDialogAsync<ConfirmDialog>(o =>
        {
            o.Parameters.Add(nameof(ConfirmDialog.Title), title);
            o.Parameters.Add(nameof(ConfirmDialog.Question), question);
            o.Parameters.Add(nameof(ConfirmDialog.Action), action);
        });
        return !result.Cancelled;
    }
}
