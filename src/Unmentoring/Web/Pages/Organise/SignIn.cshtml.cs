using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// Asks for an address and emails a code and link if it is on the organisers' list. Every well-formed
/// address gets the same "check your email" page, so the page does not tell who is an organiser.
/// </summary>
[EnableRateLimiting(WebServices.FormPostsPolicy)]
internal sealed class SignInModel(OrganiserSignIn signIn) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public bool SignedOut { get; private set; }

    public SignInCodeForm CodeForm => new(Email ?? "", new FormErrors());

    internal FormErrors Errors { get; } = new();

    public void OnGet(bool signedOut = false) => SignedOut = signedOut;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Email = ParticipantFormModel.CheckEmail(Errors, Email);
        if (Errors.Any)
        {
            ViewData["HasErrors"] = true;
            return Page();
        }

        await signIn.RequestAsync(Email!, cancellationToken);
        Sent = true;
        return Page();
    }
}

/// <summary>What the "enter your code" form shows: the address the code was sent to, and any error.</summary>
internal sealed record SignInCodeForm(string Email, FormErrors Errors);
