using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages;

/// <summary>
/// The link in the confirmation email. The GET only shows a button, because mail scanners open links
/// before people do; the POST uses the token.
/// </summary>
internal sealed class ConfirmModel(SignUpService signUps, ParticipantLinks links) : PageModel
{
    public bool Usable { get; private set; }

    public bool Confirmed { get; private set; }

    public string? ManageUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Usable = await signUps.IsUsableAsync(token, cancellationToken);
        return Usable ? Page() : NotUsable();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var (result, publicId) = await signUps.ConfirmAsync(token, cancellationToken);
        if (result != ConfirmResult.Confirmed)
        {
            return NotUsable();
        }

        Confirmed = true;
        ManageUrl = links.ManageUrl(publicId!);
        return Page();
    }

    private PageResult NotUsable()
    {
        Usable = false;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
