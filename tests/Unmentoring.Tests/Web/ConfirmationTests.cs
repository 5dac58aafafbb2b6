using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Participants;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Web;

/// <summary>Double opt-in: the link in the email actually composed, used once, within 7 days; nothing tells a stranger who is signed up.</summary>
public sealed class ConfirmationTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Confirm_LinkFromTheEmail_GetShowsAButtonAndPostConfirms(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await app.SignUpAsync(WebApp.ValidSignUp());
        var link = await app.LatestLinkAsync("confirmSignUp", "ada@leeds.gov.uk");
        var store = app.Services.GetRequiredService<ParticipantStore>();

        // A mail scanner opening the link changes nothing.
        var (get, page) = await app.GetAsync(link);
        var (again, _) = await app.GetAsync(link, app.NewClient());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Confirm", page.QuerySelector("main form button")!.TextContent.Trim());
        Assert.Equal(ParticipantStatus.Pending, (await store.FindByEmailAsync("ada@leeds.gov.uk"))!.Status);

        var (post, done) = await app.SubmitAsync(page, []);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("You've joined", done.QuerySelector("h1")!.TextContent.Trim());
        var confirmed = await store.FindByEmailAsync("ada@leeds.gov.uk");
        Assert.Equal(ParticipantStatus.Active, confirmed!.Status);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, confirmed.ConfirmedAt);

        // The page links straight to the participant's manage page.
        var manage = done.QuerySelector("main a[href*='/manage/']")!.GetAttribute("href")!;
        var (managePage, manageHtml) = await app.GetAsync(new Uri(manage).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, managePage.StatusCode);
        Assert.Contains("Ada Lovelace", manageHtml.Body!.TextContent, StringComparison.Ordinal);

        // Only a hash is stored.
        var secret = link[(link.LastIndexOf('/') + 1)..];
        await using var connection = await app.Database.Database.OpenAsync();
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM tokens WHERE purpose = 'confirm' AND used_at IS NOT NULL"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM tokens WHERE hash = @hash", ("hash", TokenStore.Hash(secret))));
    }

    [Fact]
    public async Task Confirm_SameLinkTwice_SecondTimeSaysItWasUsed()
    {
        await using var app = await WebApp.StartAsync();
        await app.SignUpAsync(WebApp.ValidSignUp());
        var link = await app.LatestLinkAsync("confirmSignUp", "ada@");
        var (_, page) = await app.GetAsync(link);
        await app.SubmitAsync(page, []);

        var (get, reused) = await app.GetAsync(link);
        var (post, _) = await app.SubmitAsync(page, []);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("This link has expired or has already been used", reused.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Confirm_AfterSevenDays_HasExpired()
    {
        await using var app = await WebApp.StartAsync();
        await app.SignUpAsync(WebApp.ValidSignUp());
        var link = await app.LatestLinkAsync("confirmSignUp", "ada@");
        var (_, page) = await app.GetAsync(link);

        app.Time.Advance(TimeSpan.FromDays(7));
        var (post, expired) = await app.SubmitAsync(page, []);

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("This link has expired or has already been used", expired.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(ParticipantStatus.Pending, (await app.Services.GetRequiredService<ParticipantStore>().FindByEmailAsync("ada@leeds.gov.uk"))!.Status);
    }

    [Fact]
    public async Task Confirm_JustBeforeSevenDays_StillWorks()
    {
        await using var app = await WebApp.StartAsync();
        await app.SignUpAsync(WebApp.ValidSignUp());
        var link = await app.LatestLinkAsync("confirmSignUp", "ada@");

        app.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        var (_, page) = await app.GetAsync(link);
        var (post, _) = await app.SubmitAsync(page, []);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }

    [Theory]
    [InlineData("/confirm/not-a-token")]
    [InlineData("/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Confirm_MadeUpToken_SaysTheLinkIsNotUsable(string path)
    {
        await using var app = await WebApp.StartAsync();

        var (response, page) = await app.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("This link has expired or has already been used", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignUp_KnownAndUnknownAddresses_GetTheSameAnswer(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await app.SignUpAsync(WebApp.ValidSignUp("known@example.org"));
        await Journeys.SignUpAndConfirmAsync(app, "active@example.org");

        // Pending (a fresh confirmation link goes out), active (a manage link goes out) and unknown look the same.
        var (pending, _) = await app.SignUpAsync(WebApp.ValidSignUp("KNOWN@example.org"), app.NewClient());
        var (active, _) = await app.SignUpAsync(WebApp.ValidSignUp("active@example.org"), app.NewClient());
        var (unknown, _) = await app.SignUpAsync(WebApp.ValidSignUp("new@example.org"), app.NewClient());

        foreach (var known in new[] { pending, active })
        {
            Assert.Equal(unknown.StatusCode, known.StatusCode);
            Assert.Equal(unknown.Headers.Location, known.Headers.Location);
            var (_, knownNext) = await app.GetAsync(known.Headers.Location!.OriginalString);
            var (_, unknownNext) = await app.GetAsync(unknown.Headers.Location!.OriginalString);
            Assert.Equal(unknownNext.Body!.InnerHtml, knownNext.Body!.InnerHtml);
        }

        // The difference shows only in the inbox of the address's owner: one email each.
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE recipient LIKE '%known@example.org%' AND kind = 'confirmSignUp'"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE recipient LIKE '%active@example.org%' AND kind = 'manageLink'"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE recipient LIKE '%new@example.org%'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignUp_AgainWhilePending_SendsAFreshWorkingLinkAndKeepsOneParticipant(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await app.SignUpAsync(WebApp.ValidSignUp());
        var first = await app.LatestLinkAsync("confirmSignUp", "ada@");

        await app.SignUpAsync(WebApp.ValidSignUp());
        var second = await app.LatestLinkAsync("confirmSignUp", "ada@");

        Assert.NotEqual(first, second);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM participants"));
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
        var (_, page) = await app.GetAsync(second);
        var (post, _) = await app.SubmitAsync(page, []);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignUp_SameAddressManyTimesAtOnce_OneParticipantAndALinkForEach(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var clients = Enumerable.Range(0, 8).Select(_ => app.NewClient()).ToList();
        var forms = await Task.WhenAll(clients.Select(client => app.GetAsync("/sign-up", client)));
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var answers = await Task.WhenAll(clients.Select((client, i) =>
            app.SubmitAsync(forms[i].Page, WebApp.ValidSignUp(i % 2 == 0 ? "ada@leeds.gov.uk" : "ADA@Leeds.gov.uk"), client: client)));

        Assert.All(answers, answer => Assert.Equal("/sign-up/check-your-email", answer.Response.Headers.Location?.OriginalString));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM participants"));
        Assert.Equal(8, await app.CountAsync("SELECT count(*) FROM tokens WHERE purpose = 'confirm'"));
        Assert.Equal(8, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignUp_AgainWhenActive_SendsAManageLinkInstead(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");

        var (response, _) = await app.SignUpAsync(WebApp.ValidSignUp());

        Assert.Equal("/sign-up/check-your-email", response.Headers.Location!.OriginalString);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
        var manage = await app.LatestLinkAsync("manageLink", "ada@");
        var (page, html) = await app.GetAsync(manage);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("Manage your participation", html.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task ManageLink_KnownAndUnknownAddresses_GetTheSameAnswer()
    {
        await using var app = await WebApp.StartAsync();
        await Journeys.SignUpAndConfirmAsync(app, "known@example.org");

        var (_, form) = await app.GetAsync("/manage-link");
        var (known, knownPage) = await app.SubmitAsync(form, [new("email", "known@example.org")]);
        var (unknown, unknownPage) = await app.SubmitAsync(form, [new("email", "stranger@example.org")]);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(knownPage.QuerySelector("main")!.InnerHtml, unknownPage.QuerySelector("main")!.InnerHtml);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'manageLink'"));
    }

    [Fact]
    public async Task ManageLink_PendingAddress_GetsAFreshConfirmationLink()
    {
        await using var app = await WebApp.StartAsync();
        await app.SignUpAsync(WebApp.ValidSignUp("pending@example.org"));

        var (_, form) = await app.GetAsync("/manage-link");
        await app.SubmitAsync(form, [new("email", "pending@example.org")]);

        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
    }

    [Theory]
    [InlineData("", "Enter your email address")]
    [InlineData("not an email", "Enter an email address in the correct format, like name@example.com")]
    public async Task ManageLink_BadAddress_SaysWhatToDo(string email, string message)
    {
        await using var app = await WebApp.StartAsync();
        var (_, form) = await app.GetAsync("/manage-link");

        var (_, page) = await app.SubmitAsync(form, [new("email", email)]);

        Assert.Equal(message, SignUpPageTests.ErrorFor(page, "email"));
        Assert.Equal(email, ((AngleSharp.Html.Dom.IHtmlInputElement)page.GetElementById("email")!).Value);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignUp_AfterUnsubscribing_ConfirmingRejoinsWithFreshConsent(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var (_, leave) = await app.GetAsync(manage + "/unsubscribe");
        await app.SubmitAsync(leave, []);
        app.Time.Advance(TimeSpan.FromDays(30));

        await app.SignUpAsync(WebApp.ValidSignUp());
        Assert.Equal(ParticipantStatus.Unsubscribed, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
        var link = await app.LatestLinkAsync("confirmSignUp", "ada@");
        var (_, page) = await app.GetAsync(link);
        await app.SubmitAsync(page, []);

        var back = await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk");
        Assert.Equal(ParticipantStatus.Active, back.Status);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, back.ConsentAt);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM participants"));
    }
}
