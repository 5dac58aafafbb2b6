using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Unmentoring.Organisers;

/// <summary>
/// Who may use the pages under <c>/organise</c>: a cookie session of its own (HttpOnly, Secure behind
/// HTTPS, only sent to /organise), an idle and an absolute time-out, and two policies. Every page in the
/// folder needs a session (GET without one: to sign-in; anything else: 401, nothing changed); a change
/// (any method but GET and HEAD) needs the organiser role, so a viewer's POST gets 403.
/// </summary>
internal static class OrganiserAccess
{
    public const string Scheme = "organisers";
    public const string CookieName = "unmentoring-organiser";
    public const string Folder = "/Organise";
    public const string SignInPath = "/organise/sign-in";

    /// <summary>Anyone on the organisers' list: sees every organiser page.</summary>
    public const string ViewPolicy = "organise-view";

    /// <summary>Organisers with the organiser role: may change things.</summary>
    public const string ChangePolicy = "organise-change";

    /// <summary>When the person signed in (Unix seconds); sliding renewals keep it, so the absolute time-out holds.</summary>
    public const string SignedInAtClaim = "unmentoring:signed-in-at";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    public static IServiceCollection AddOrganiserAccess(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/organise";
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.Events.OnRedirectToLogin = context =>
            {
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = ValidateAsync;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ViewPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(OrganiserRoles.Organiser, OrganiserRoles.Viewer))
            .AddPolicy(ChangePolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(OrganiserRoles.Organiser));

        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder(Folder, ViewPolicy);
            o.Conventions.AllowAnonymousToPage(Folder + "/SignIn");
            o.Conventions.AllowAnonymousToPage(Folder + "/SignInCode");
            o.Conventions.AllowAnonymousToPage(Folder + "/SignInLink");
            o.Conventions.AllowAnonymousToPage(Folder + "/SignInProvider");
            o.Conventions.AddFolderApplicationModelConvention(Folder, model => model.Filters.Add(new ChangesNeedOrganiserFilter()));
        });
        services.AddSingleton<OrganiserList>();
        services.AddSingleton<OrganiserSignIn>();
        services.AddSingleton<OrganiserOverview>();
        services.AddOrganiserIdentityProvider();
        services.AddSingleton<OrganiserActivity>();
        services.AddSingleton<ParticipantSearch>();
        services.AddSingleton<ParticipantRecord>();
        services.AddSingleton<ParticipantChanges>();
        return services;
    }

    /// <summary>What a session holds: the address (the key to the organisers' list), the name, the role and the sign-in time.</summary>
    public static ClaimsPrincipal Principal(string email, string? name, string role, DateTimeOffset signedInAt) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Email, email),
                new Claim(ClaimTypes.Name, string.IsNullOrWhiteSpace(name) ? email : name),
                new Claim(ClaimTypes.Role, role),
                new Claim(SignedInAtClaim, signedInAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            ],
            Scheme));

    /// <summary>The signed-in organiser's address, or null.</summary>
    public static string? Email(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.Email) : null;

    /// <summary>
    /// Checks the session against the clock and the organisers' list on every request: a session past the
    /// absolute time-out, or of someone taken off the list, ends; a role changed on the list takes effect at once.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var signedIn = context.Principal?.FindFirstValue(SignedInAtClaim);
        var email = context.Principal?.FindFirstValue(ClaimTypes.Email);
        if (signedIn is null
            || email is null
            || !long.TryParse(signedIn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || now - DateTimeOffset.FromUnixTimeSeconds(seconds) >= AbsoluteTimeout)
        {
            await EndAsync(context);
            return;
        }

        var organiser = await services.GetRequiredService<OrganiserList>().FindAsync(email, context.HttpContext.RequestAborted);
        if (organiser is null)
        {
            await EndAsync(context);
            return;
        }

        if (organiser.Role != context.Principal!.FindFirstValue(ClaimTypes.Role))
        {
            context.ReplacePrincipal(Principal(organiser.Email, organiser.Name, organiser.Role, DateTimeOffset.FromUnixTimeSeconds(seconds)));
            context.ShouldRenew = true;
        }
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }
}

/// <summary>The two roles an organiser can have; roles come from the organisers' list, never from an identity provider.</summary>
internal static class OrganiserRoles
{
    public const string Organiser = "organiser";
    public const string Viewer = "viewer";

    public static bool IsKnown(string? role) => role is Organiser or Viewer;
}
