using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Unmentoring.Web.Pages;

/// <summary>
/// The page for every error status, re-executed by the status code pages middleware, also for a POST
/// (so it must not demand an antiforgery token of its own).
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Code = code;

    public void OnPost(int code) => Code = code;
}
