using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Telephony.Web.Tests.Support;

/// <summary>
/// The numbers' rows however the page draws them: rows (by role) of a grid or a table, a number's row found by its
/// last eight digits in any grouping, so E.164 (<c>+442071234500</c>) and the national format (<c>020 7123 4500</c>)
/// both match. For the tests that must outlive a change of the page's markup.
/// </summary>
public static partial class NumberRows
{
    /// <summary>Every row showing a phone number (not the header).</summary>
    public static ILocator All(IPage page) =>
        Rows(page).Filter(new() { HasTextRegex = AnyNumber() });

    /// <summary>
    /// The row of <paramref name="e164"/>: a cell whose number ends in its last eight digits (so number 1 is not also
    /// found in number 14's row, whose digits hold number 1's).
    /// </summary>
    public static ILocator Of(IPage page, string e164) =>
        Rows(page).Filter(new()
        {
            Has = page.GetByRole(AriaRole.Cell).Or(page.GetByRole(AriaRole.Gridcell))
                .Filter(new() { HasTextRegex = new Regex(NumberIn(e164)) }),
        });

    /// <summary>
    /// The pattern a cell showing <paramref name="e164"/> matches, in any grouping: its last eight digits, spaces allowed
    /// between them, no digit after. Also read by the page benchmark's in-page clock, as a JavaScript RegExp.
    /// </summary>
    public static string NumberIn(string e164) => string.Join(@"\s?", e164[^8..].ToCharArray()) + @"(?!\s?\d)";

    private static ILocator Rows(IPage page) =>
        page.GetByRole(AriaRole.Grid).Or(page.GetByRole(AriaRole.Table)).GetByRole(AriaRole.Row);

    [GeneratedRegex(@"\d(\s?\d){7}")]
    private static partial Regex AnyNumber();
}
