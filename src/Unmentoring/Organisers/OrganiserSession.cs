using Microsoft.AspNetCore.Authentication;

namespace Unmentoring.Organisers;

/// <summary>Starts an organiser's session once a code, a link or the identity provider has said who they are.</summary>
internal static class OrganiserSession
{
    public static Task StartAsync(HttpContext http, Organiser organiser, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return http.SignInAsync(
            OrganiserAccess.Scheme,
            OrganiserAccess.Principal(organiser.Email, organiser.Name, organiser.Role, now),
            new AuthenticationProperties { IssuedUtc = now, IsPersistent = false });
    }
}
