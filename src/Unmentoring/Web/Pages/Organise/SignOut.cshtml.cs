using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;
using Unmentoring.Storage;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>Ends the organiser's session (a POST, so a link followed by a mail scanner cannot sign anyone out).</summary>
[ViewersMayPost]
internal sealed class SignOutModel(AuditLog audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Email() is { } email)
        {
            await audit.RecordAsync(email, "organiser.sign-out", email, "", cancellationToken: cancellationToken);
        }

        await HttpContext.SignOutAsync(OrganiserAccess.Scheme);
        return Redirect(OrganiserAccess.SignInPath + "?signedOut=true");
    }
}
