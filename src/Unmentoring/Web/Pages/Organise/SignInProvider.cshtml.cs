using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>Sends the person to their organisation's identity provider; nothing to see when none is configured.</summary>
internal sealed class SignInProviderModel(IOptions<OrganiserOidcOptions> oidc) : PageModel
{
    public IActionResult OnGet() => oidc.Value.IsConfigured
        ? Challenge(new AuthenticationProperties { RedirectUri = "/organise" }, OrganiserIdentityProvider.Scheme)
        : NotFound();
}
