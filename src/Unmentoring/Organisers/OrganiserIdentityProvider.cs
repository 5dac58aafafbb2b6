using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Validators;

namespace Unmentoring.Organisers;

/// <summary>The <c>Unmentoring:Organisers:Oidc</c> section: a council's own identity provider, when set.</summary>
internal sealed class OrganiserOidcOptions
{
    public const string Section = "Unmentoring:Organisers:Oidc";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// OpenID Connect sign-in for organisers (docs/adr/0025-organiser-sign-in.md). The provider says who someone
/// is; our list says whether they may come in and with which role. The scheme exists only when an authority
/// is configured, so an unconfigured service has no callback path and fetches no metadata.
/// </summary>
internal static class OrganiserIdentityProvider
{
    public const string Scheme = "organisers-oidc";
    public const string CallbackPath = "/organise/sign-in/provider/callback";
    public const string StartPath = "/organise/sign-in/provider";

    public static IServiceCollection AddOrganiserIdentityProvider(this IServiceCollection services)
    {
        services.AddOptions<OrganiserOidcOptions>().BindConfiguration(OrganiserOidcOptions.Section).Validate(
            o => !o.IsConfigured || (Uri.TryCreate(o.Authority, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(o.ClientId) && !string.IsNullOrWhiteSpace(o.ClientSecret)),
            $"{OrganiserOidcOptions.Section} needs Authority (an absolute https address), ClientId and ClientSecret together, or none of them.")
            .ValidateOnStart();
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<OrganiserOidcOptions>>((auth, oidc) =>
        {
            if (oidc.Value.IsConfigured && auth.Schemes.All(s => s.Name != Scheme))
            {
                auth.AddScheme<OpenIdConnectHandler>(Scheme, "Your organisation's account");
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<OrganiserOidcOptions>>((o, oidc) => Configure(o, oidc.Value));
        return services;
    }

    private static void Configure(OpenIdConnectOptions o, OrganiserOidcOptions oidc)
    {
        if (!oidc.IsConfigured)
        {
            return;
        }

        o.Authority = oidc.Authority;
        o.ClientId = oidc.ClientId;
        o.ClientSecret = oidc.ClientSecret;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.SignInScheme = OrganiserAccess.Scheme;
        o.CallbackPath = CallbackPath;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.MapInboundClaims = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("email");
        o.Scope.Add("profile");
        o.CorrelationCookie.Path = "/organise";
        o.NonceCookie.Path = "/organise";

        // Microsoft Entra's multi-tenant authorities (organizations, common) publish an issuer with a
        // {tenantid} placeholder: each council's tokens carry their own tenant's issuer. AadIssuerValidator
        // checks the token's issuer against that template filled in with the token's own tid, so any tenant
        // can sign in but a token can never claim another tenant's issuer; whether the person may come in
        // is then decided by our list. A single-tenant authority keeps the default exact-issuer check.
        if (IsEntraMultiTenant(oidc.Authority!))
        {
            o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(oidc.Authority!).Validate;
        }

        o.Events.OnTokenValidated = OnTokenValidatedAsync;
        o.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect(OrganiserAccess.SignInPath + "?providerFailed=true");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    internal static bool IsEntraMultiTenant(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri)
        && uri.AbsolutePath.Trim('/').Split('/').FirstOrDefault() is "organizations" or "common";

    /// <summary>Lets in only an address on the list, with the role the list gives it; anyone else goes back to sign-in.</summary>
    private static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var email = context.Principal?.FindFirstValue("email") ?? context.Principal?.FindFirstValue("preferred_username");
        var organiser = email is null ? null : await services.GetRequiredService<OrganiserList>().FindAsync(email, context.HttpContext.RequestAborted);
        if (organiser is null)
        {
            await services.GetRequiredService<Storage.AuditLog>().RecordAsync(
                email ?? "unknown", "organiser.sign-in-refused", email ?? "", "signed in with the identity provider but not on the organisers' list", cancellationToken: context.HttpContext.RequestAborted);
            context.Response.Redirect(OrganiserAccess.SignInPath + "?notOnList=true");
            context.HandleResponse();
            return;
        }

        await services.GetRequiredService<OrganiserSignIn>().RecordSignInAsync(organiser, "identity provider", context.HttpContext.RequestAborted);
        context.Principal = OrganiserAccess.Principal(organiser.Email, organiser.Name, organiser.Role, services.GetRequiredService<TimeProvider>().GetUtcNow());
        context.Properties!.RedirectUri = "/organise";
    }
}
