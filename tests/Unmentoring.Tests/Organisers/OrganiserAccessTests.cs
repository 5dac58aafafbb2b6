using System.Net;
using Unmentoring.Organisers;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>The door to /organise: who gets in, who is sent to sign in, and what a viewer may not do.</summary>
public sealed class OrganiserAccessTests
{
    [Fact]
    public async Task Get_WithoutASession_IsSentToSignIn()
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.GetAsync("/organise");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutASession_Is401()
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.PostAsync("/organise", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(OrganiserRoles.Organiser)]
    [InlineData(OrganiserRoles.Viewer)]
    public async Task Get_WithASession_ShowsThePageToEitherRole(string role)
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient("ada@council.example.gov.uk", role);

        var (response, page) = await app.GetAsync("/organise", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ada@council.example.gov.uk", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FromAViewer_Is403()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(role: OrganiserRoles.Viewer);

        var response = await client.PostAsync("/organise", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Session_IdleForLongerThanTheTimeOut_Ends()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient();

        app.Time.Advance(OrganiserAccess.IdleTimeout + TimeSpan.FromMinutes(1));
        var response = await client.GetAsync("/organise");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Session_InUseAllTheTime_EndsAtTheAbsoluteTimeOut()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient();
        var step = OrganiserAccess.IdleTimeout * 0.6;

        var used = TimeSpan.Zero;
        while (used + step < OrganiserAccess.AbsoluteTimeout)
        {
            app.Time.Advance(step);
            used += step;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/organise")).StatusCode);
        }

        app.Time.Advance(step);
        var response = await client.GetAsync("/organise");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndOnlySentToTheOrganisersPages()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient();
        app.Time.Advance(OrganiserAccess.IdleTimeout * 0.6);

        // Past half its life, a sliding session is renewed: the renewal shows the cookie's attributes.
        var response = await client.GetAsync("/organise");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(OrganiserAccess.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/organise", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
