using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>Sign-in with a council's identity provider: a real OpenID Connect server (OpenIddict) in the test process.</summary>
public sealed class OrganiserIdentityProviderTests
{
    private const string Ada = "ada@council.example.gov.uk";

    [Fact]
    public async Task SignIn_WithTheProvider_AnAddressOnTheList_GetsTheRoleFromTheList()
    {
        await using var idp = await TestIdentityProvider.StartAsync();
        await using var app = await StartAsync(idp);
        await app.Services.GetRequiredService<OrganiserList>().AddOrUpdateAsync(Ada, "Ada", OrganiserRoles.Viewer, "test");
        idp.SignsInAs = Ada;
        using var browser = app.NewClient();

        var back = await RoundTripAsync(app, idp, browser);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/organise", back.Headers.Location!.OriginalString);
        var (response, page) = await app.GetAsync("/organise", browser);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("(viewer)", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'organiser.signed-in' AND detail LIKE 'by identity provider%'"));
    }

    [Fact]
    public async Task SignIn_WithTheProvider_AnAddressNotOnTheList_IsRefused()
    {
        await using var idp = await TestIdentityProvider.StartAsync();
        await using var app = await StartAsync(idp);
        idp.SignsInAs = "eve@elsewhere.example";
        using var browser = app.NewClient();

        var back = await RoundTripAsync(app, idp, browser);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, back.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/organise")).StatusCode);
        var (_, page) = await app.GetAsync(back.Headers.Location!.OriginalString, browser);
        Assert.Contains("Only people on the organisers' list can sign in", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_OffersTheProviderOnlyWhenConfigured()
    {
        await using var idp = await TestIdentityProvider.StartAsync();
        await using var configured = await StartAsync(idp);
        await using var plain = await WebApp.StartAsync();

        var (_, with) = await configured.GetAsync(OrganiserAccess.SignInPath);
        var (_, without) = await plain.GetAsync(OrganiserAccess.SignInPath);

        Assert.NotNull(with.QuerySelector($"a[href='{OrganiserIdentityProvider.StartPath}']"));
        Assert.Null(without.QuerySelector($"a[href='{OrganiserIdentityProvider.StartPath}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await plain.Client.GetAsync(OrganiserIdentityProvider.StartPath)).StatusCode);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/organizations/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/common/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/0b6f1c1e-2c4b-4f44-9d8a-2f2b1d1c7a11/v2.0", false)]
    [InlineData("https://idp.test/", false)]
    public void MultiTenantAuthorities_AreRecognised(string authority, bool multiTenant) =>
        Assert.Equal(multiTenant, OrganiserIdentityProvider.IsEntraMultiTenant(authority));

    private static async Task<WebApp> StartAsync(TestIdentityProvider idp)
    {
        var app = await WebApp.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Unmentoring:Organisers:Oidc:Authority"] = TestIdentityProvider.Issuer,
                ["Unmentoring:Organisers:Oidc:ClientId"] = TestIdentityProvider.ClientId,
                ["Unmentoring:Organisers:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret,
            },
            configureServices: s => s.Configure<OpenIdConnectOptions>(OrganiserIdentityProvider.Scheme, o => o.BackchannelHttpHandler = idp.Handler));

        // The provider signs its tokens with the real clock, and the handler checks the nonce against it.
        if (DateTimeOffset.UtcNow > app.Time.GetUtcNow())
        {
            app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        }

        return app;
    }

    /// <summary>The browser's trip: our challenge, the provider's authorization (its form posts back), our callback.</summary>
    private static async Task<HttpResponseMessage> RoundTripAsync(WebApp app, TestIdentityProvider idp, HttpClient browser)
    {
        var challenge = await browser.GetAsync(OrganiserIdentityProvider.StartPath);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(TestIdentityProvider.Issuer, challenge.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        using var atProvider = idp.Browser();
        var authorization = await atProvider.GetAsync(challenge.Headers.Location);
        var form = (IHtmlFormElement)(await WebApp.ParseAsync(authorization)).QuerySelector("form")!;
        Assert.True(form is not null, "The provider answered without a form: " + await authorization.Content.ReadAsStringAsync());
        var fields = form.Elements.OfType<IHtmlInputElement>().Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var callback = new Uri(form.GetAttribute("action")!);
        Assert.Equal(OrganiserIdentityProvider.CallbackPath, callback.AbsolutePath);
        return await browser.PostAsync(callback.PathAndQuery, new FormUrlEncodedContent(fields));
    }
}
