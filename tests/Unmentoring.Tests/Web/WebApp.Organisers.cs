using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Unmentoring.Organisers;

namespace Unmentoring.Tests.Web;

public sealed partial class WebApp
{
    /// <summary>
    /// A browser already signed in to the organisers' pages as <paramref name="email"/> with
    /// <paramref name="role"/>: the session cookie is made by the host's own cookie handler settings and Data
    /// Protection keys, as signing in would make it. For tests of the pages behind sign-in; the sign-in itself
    /// is tested through its pages. The address is put on the organisers' list with that role first, because
    /// every request checks the session against the list.
    /// </summary>
    public HttpClient OrganiserClient(string email = "org@council.example.gov.uk", string role = OrganiserRoles.Organiser, string? name = null)
    {
        // Synchronous so that every test keeps calling it the same way; SQLite and Npgsql complete without a context to return to.
        Services.GetRequiredService<OrganiserList>().AddOrUpdateAsync(email, name, role, "test").GetAwaiter().GetResult();
        var options = Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(OrganiserAccess.Scheme);
        var now = Time.GetUtcNow();
        var ticket = new AuthenticationTicket(
            OrganiserAccess.Principal(email, name, role, now),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + OrganiserAccess.IdleTimeout },
            OrganiserAccess.Scheme);
        var handler = new CookieHandler(_app.GetTestServer().CreateHandler());
        handler.Add(new Cookie(OrganiserAccess.CookieName, options.TicketDataFormat.Protect(ticket), "/organise", "unmentoring.test"));
        return new HttpClient(handler) { BaseAddress = new Uri("https://unmentoring.test") };
    }
}
