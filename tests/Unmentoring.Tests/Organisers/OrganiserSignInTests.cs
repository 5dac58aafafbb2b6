using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>Password-less sign-in through the pages, with the code and link read from the email the service composed.</summary>
public sealed partial class OrganiserSignInTests
{
    private const string Ada = "ada@council.example.gov.uk";

    [Fact]
    public async Task SignIn_ByTheCodeInTheEmail_OpensTheStartPage()
    {
        await using var app = await StartWithOrganiserAsync();

        var (_, check) = await AskForCodeAsync(app, "  ADA@council.example.gov.uk ");
        var (signedIn, _) = await app.SubmitAsync(check, [new("code", await LatestCodeAsync(app))]);
        var (response, page) = await FollowAsync(app, signedIn);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/organise", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Ada, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'organiser.signed-in' AND actor = @a AND detail LIKE 'by code%'", ("a", Ada)));
    }

    [Fact]
    public async Task SignIn_ByTheLink_GetOnlyShowsAButtonAndThePostSignsIn()
    {
        await using var app = await StartWithOrganiserAsync();
        await AskForCodeAsync(app, Ada);
        var link = await app.LatestLinkAsync("organiserSignIn", Ada);
        using var scanner = app.NewClient();

        var (scanned, _) = await app.GetAsync(link, scanner);
        var (shown, button) = await app.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, scanned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM organiser_sign_in_codes WHERE used_at IS NOT NULL"));

        var (signedIn, _) = await app.SubmitAsync(button, []);
        var (response, page) = await FollowAsync(app, signedIn);

        Assert.Equal("/organise", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Ada, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_UsedOnce_DoesNotSignInAgain()
    {
        await using var app = await StartWithOrganiserAsync();
        await AskForCodeAsync(app, Ada);
        var link = await app.LatestLinkAsync("organiserSignIn", Ada);
        var (_, button) = await app.GetAsync(link);
        await app.SubmitAsync(button, []);

        using var other = app.NewClient();
        var (again, _) = await app.GetAsync(link, other);
        var (_, otherForm) = await app.GetAsync(OrganiserAccess.SignInPath, other);
        var post = await other.PostAsync(link, new FormUrlEncodedContent([new("__RequestVerificationToken", AntiforgeryValue(otherForm))]));

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/organise")).StatusCode);
    }

    [Fact]
    public async Task Code_UsedOnce_IsRefusedTheSecondTime()
    {
        await using var app = await StartWithOrganiserAsync();
        var (_, check) = await AskForCodeAsync(app, Ada);
        var code = await LatestCodeAsync(app);
        await app.SubmitAsync(check, [new("code", code)]);

        using var other = app.NewClient();
        var (response, page) = await PostCodeAsync(app, other, Ada, code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/organise")).StatusCode);
        Assert.Contains("Enter the 6-digit code from the latest email", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeAndLink_After15Minutes_HaveExpired()
    {
        await using var app = await StartWithOrganiserAsync();
        var (_, check) = await AskForCodeAsync(app, Ada);
        var code = await LatestCodeAsync(app);
        var link = await app.LatestLinkAsync("organiserSignIn", Ada);

        app.Time.Advance(OrganiserSignIn.Lifetime + TimeSpan.FromSeconds(1));
        var (byCode, page) = await app.SubmitAsync(check, [new("code", code)]);
        var (byLink, _) = await app.GetAsync(link);

        Assert.NotNull(page.QuerySelector(".govuk-error-summary"));
        Assert.Equal(HttpStatusCode.NotFound, byLink.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client.GetAsync("/organise")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, byCode.StatusCode);
    }

    [Fact]
    public async Task WrongCodes_TooMany_StopTheRightCodeWorking()
    {
        await using var app = await StartWithOrganiserAsync();
        var (_, check) = await AskForCodeAsync(app, Ada);
        var code = await LatestCodeAsync(app);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < OrganiserSignIn.WrongCodesAllowed; i++)
        {
            await app.SubmitAsync(check, [new("code", wrong)]);
        }

        var (_, page) = await app.SubmitAsync(check, [new("code", code)]);

        Assert.NotNull(page.QuerySelector(".govuk-error-summary"));
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client.GetAsync("/organise")).StatusCode);
    }

    [Fact]
    public async Task UnknownAddress_GetsTheSamePageAndNoEmail()
    {
        await using var app = await StartWithOrganiserAsync();

        var (_, known) = await AskForCodeAsync(app, Ada);
        var (_, unknown) = await AskForCodeAsync(app, "eve@elsewhere.example");

        Assert.Equal(
            known.QuerySelector("main")!.InnerHtml.Replace(Ada, "X", StringComparison.Ordinal).Replace(AntiforgeryValue(known), "T", StringComparison.Ordinal),
            unknown.QuerySelector("main")!.InnerHtml.Replace("eve@elsewhere.example", "X", StringComparison.Ordinal).Replace(AntiforgeryValue(unknown), "T", StringComparison.Ordinal));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE recipient LIKE '%eve@%'"));
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE kind = 'organiserSignIn'"));
    }

    [Fact]
    public async Task Requests_PerAddress_AreLimited()
    {
        await using var app = await StartWithOrganiserAsync();

        for (var i = 0; i < OrganiserSignIn.EmailsPerAddress + 2; i++)
        {
            var (response, page) = await AskForCodeAsync(app, Ada);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Check your email", page.QuerySelector("h1")!.TextContent);
        }

        Assert.Equal(OrganiserSignIn.EmailsPerAddress, await app.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE kind = 'organiserSignIn'"));
        app.Time.Advance(OrganiserSignIn.Lifetime + TimeSpan.FromSeconds(1));
        await AskForCodeAsync(app, Ada);
        Assert.Equal(OrganiserSignIn.EmailsPerAddress + 1, await app.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE kind = 'organiserSignIn'"));
    }

    [Fact]
    public async Task Requests_PerClient_AreLimitedWith429()
    {
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?> { ["Unmentoring:Web:FormPostsPerWindow"] = "3" });
        using var client = app.NewClient(IPAddress.Parse("192.0.2.7"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var (_, form) = await app.GetAsync(OrganiserAccess.SignInPath, client);
            statuses.Add((await app.SubmitAsync(form, [new("email", $"person{i}@example.org")], client: client)).Response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("", "Enter your email address")]
    [InlineData("not an address", "Enter an email address in the correct format")]
    public async Task SignIn_BadAddress_ShowsTheErrorSummary(string email, string message)
    {
        await using var app = await WebApp.StartAsync();

        var (_, form) = await app.GetAsync(OrganiserAccess.SignInPath);
        var (_, page) = await app.SubmitAsync(form, [new("email", email)]);

        Assert.Contains(message, page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM organiser_sign_in_codes"));
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_Is400()
    {
        await using var app = await StartWithOrganiserAsync();

        var response = await app.Client.PostAsync(OrganiserAccess.SignInPath, new FormUrlEncodedContent([new("email", Ada)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM organiser_sign_in_codes"));
    }

    [Fact]
    public async Task CodesAndLinks_AreStoredOnlyAsHashes()
    {
        await using var app = await StartWithOrganiserAsync();
        await AskForCodeAsync(app, Ada);
        var link = await app.LatestLinkAsync("organiserSignIn", Ada);
        var secret = link[(link.LastIndexOf('/') + 1)..];

        await using var connection = await app.Database.Database.OpenAsync();
        var row = await Unmentoring.Storage.Sql.ScalarAsync<byte[]>(connection, "SELECT link_hash FROM organiser_sign_in_codes", null, default);

        Assert.Equal(32, row!.Length);
        Assert.Equal(Unmentoring.Participants.TokenStore.Hash(secret), row);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_EvenForAViewer()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        var (_, page) = await app.GetAsync("/organise", client);
        var (posted, _) = await app.SubmitAsync(page, [], "form[action='/organise/sign-out']", client);
        var (response, signedOut) = await FollowAsync(app, posted, client);

        Assert.Equal(OrganiserAccess.SignInPath, response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("You have signed out", signedOut.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/organise")).StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'organiser.sign-out'"));
    }

    private static async Task<WebApp> StartWithOrganiserAsync()
    {
        var app = await WebApp.StartAsync();
        await app.Services.GetRequiredService<OrganiserList>().AddOrUpdateAsync(Ada, "Ada Lovelace", OrganiserRoles.Organiser, "test");
        return app;
    }

    private static async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> AskForCodeAsync(WebApp app, string email)
    {
        var (_, form) = await app.GetAsync(OrganiserAccess.SignInPath);
        return await app.SubmitAsync(form, [new("email", email)]);
    }

    private static Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> FollowAsync(WebApp app, HttpResponseMessage redirect, HttpClient? client = null)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return app.GetAsync(redirect.Headers.Location!.OriginalString, client);
    }

    /// <summary>Sends a code from <paramref name="client"/> with that browser's own antiforgery token.</summary>
    private static async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> PostCodeAsync(WebApp app, HttpClient client, string email, string code)
    {
        var (_, form) = await app.GetAsync(OrganiserAccess.SignInPath, client);
        var response = await client.PostAsync("/organise/sign-in/code", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", AntiforgeryValue(form)), new("email", email), new("code", code)]));
        return (response, await WebApp.ParseAsync(response));
    }

    private static async Task<string> LatestCodeAsync(WebApp app)
    {
        await using var connection = await app.Database.Database.OpenAsync();
        var body = await Unmentoring.Storage.Sql.ScalarAsync<string>(connection, "SELECT text_body FROM outbox_messages WHERE kind = 'organiserSignIn' ORDER BY id DESC LIMIT 1", null, default);
        return SixDigits().Match(body!).Value.Replace(" ", "", StringComparison.Ordinal);
    }

    private static string AntiforgeryValue(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value") ?? "none";

    [GeneratedRegex(@"\b\d{3} \d{3}\b")]
    private static partial Regex SixDigits();
}
