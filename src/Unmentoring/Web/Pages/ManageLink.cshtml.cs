using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages;

/// <summary>
/// "Email me a link": a manage link for someone taking part, a fresh confirmation link for someone who has
/// not confirmed. The answer is the same for every address, known or not.
/// </summary>
[EnableRateLimiting(WebServices.FormPostsPolicy)]
internal sealed class ManageLinkModel(SignUpService signUps, IOptions<UnmentoringOptions> scheme) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    internal FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Email = ParticipantFormModel.CheckEmail(Errors, Email);

        if (Errors.Any)
        {
            ViewData["HasErrors"] = true;
            return Page();
        }

        await signUps.SendLinkAsync(Email!, SignUpModel.ConfirmUrlBase(scheme.Value), cancellationToken);
        Sent = true;
        return Page();
    }
}
