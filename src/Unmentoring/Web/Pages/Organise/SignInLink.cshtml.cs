using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// The link in the sign-in email. The GET only shows a button, because mail scanners open links before
/// people do; the POST uses the link and signs in.
/// </summary>
[EnableRateLimiting(WebServices.FormPostsPolicy)]
internal sealed class SignInLinkModel(OrganiserSignIn signIn, TimeProvider time) : PageModel
{
    public bool Usable { get; private set; } = true;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken) =>
        await signIn.LinkIsUsableAsync(token, cancellationToken) ? Page() : NotUsable();

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var organiser = await signIn.UseLinkAsync(token, cancellationToken);
        if (organiser is null)
        {
            return NotUsable();
        }

        await OrganiserSession.StartAsync(HttpContext, organiser, time);
        return Redirect("/organise");
    }

    private PageResult NotUsable()
    {
        Usable = false;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
