using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>Signs in with the 6-digit code from the email; a wrong, used or expired code shows the form again with an error.</summary>
[EnableRateLimiting(WebServices.FormPostsPolicy)]
internal sealed class SignInCodeModel(OrganiserSignIn signIn, TimeProvider time) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "code")]
    public string? Code { get; set; }

    public SignInCodeForm CodeForm { get; private set; } = new("", new FormErrors());

    public IActionResult OnGet() => Redirect(OrganiserAccess.SignInPath);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var errors = new FormErrors();
        var organiser = string.IsNullOrWhiteSpace(Email) || string.IsNullOrWhiteSpace(Code)
            ? null
            : await signIn.UseCodeAsync(Email, Code, cancellationToken);
        if (organiser is null)
        {
            errors.Add("code", string.IsNullOrWhiteSpace(Code)
                ? "Enter the 6-digit code from the email"
                : "Enter the 6-digit code from the latest email; a code works once, for 15 minutes");
            CodeForm = new SignInCodeForm(Email ?? "", errors);
            return Page();
        }

        await OrganiserSession.StartAsync(HttpContext, organiser, time);
        return Redirect("/organise");
    }
}
