using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Unmentoring.Web.Pages;

/// <summary>
/// The page for every error status, re-executed by the status code pages middleware, also for a POST
/// (so it must not demand an antiforgery token of its own). The code comes from the path, never from model
/// binding, which may be what failed on the original request (e.g. a form with a NUL character).
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet() => Code = FromRoute();

    public void OnPost() => Code = FromRoute();

    private int FromRoute() =>
        int.TryParse(RouteData.Values["code"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 400 and <= 599 ? code : 500;
}
