using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Unmentoring.Tests.Organisers;

/// <summary>
/// A real OpenID Connect server (OpenIddict) in the test process at https://idp.test: authorization code flow,
/// signed ID tokens, discovery and keys. It has no users of its own: whoever <see cref="SignsInAs"/> names is
/// signed in when the browser arrives, as a council's provider would after its own login page.
/// </summary>
internal sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string Issuer = "https://idp.test/";
    public const string ClientId = "unmentoring";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;

    private TestIdentityProvider(WebApplication app) => _app = app;

    public string SignsInAs { get; set; } = "";

    public HttpMessageHandler Handler => _app.GetTestServer().CreateHandler();

    public HttpClient Browser() => new(_app.GetTestServer().CreateHandler()) { BaseAddress = new Uri(Issuer) };

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer(o => o.BaseAddress = new Uri(Issuer));
        TestIdentityProvider? self = null;
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetIssuer(new Uri(Issuer));
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow();
            o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.UseAspNetCore().DisableTransportSecurityRequirement();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.RedirectUri?.StartsWith("https://unmentoring.test/", StringComparison.Ordinal) != true)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect address.");
                }

                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            o.AddEventHandler<HandleAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.AddClaim(new Claim(Claims.Subject, self!.SignsInAs));
                identity.AddClaim(new Claim(Claims.Email, self.SignsInAs));
                identity.AddClaim(new Claim(Claims.Name, "Signed in at the provider"));
                identity.AddClaim(new Claim(Claims.Role, "organiser"));
                var principal = new ClaimsPrincipal(identity);
                principal.SetScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                principal.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
                context.SignIn(principal);
                return default;
            }));
        });
        var app = builder.Build();
        self = new TestIdentityProvider(app);
        await app.StartAsync();
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
