using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// Asks for an address and emails a code and link if it is on the organisers' list. Every well-formed
/// address gets the same "check your email" page, so the page does not tell who is an organiser.
/// </summary>
[EnableRateLimiting(WebServices.FormPostsPolicy)]
internal sealed class SignInModel(OrganiserSignIn signIn, IOptions<OrganiserOidcOptions> oidc) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public bool SignedOut { get; private set; }

    /// <summary>Whether a council's identity provider is configured, so the page offers it too.</summary>
    public bool IdentityProvider => oidc.Value.IsConfigured;

    /// <summary>Back from the identity provider with an address that is not on the list, or with a failure.</summary>
    public bool ProviderRefused { get; private set; }

    public SignInCodeForm CodeForm => new(Email ?? "", new FormErrors());

    internal FormErrors Errors { get; } = new();

    public void OnGet(bool signedOut = false, bool notOnList = false, bool providerFailed = false)
    {
        SignedOut = signedOut;
        ProviderRefused = notOnList || providerFailed;
    }

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
