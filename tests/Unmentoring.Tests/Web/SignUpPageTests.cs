using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Participants;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Web;

/// <summary>The sign-up form as a person meets it: what it asks, what it says when something is wrong, what it keeps.</summary>
public sealed class SignUpPageTests
{
    [Fact]
    public async Task SignUp_EmptyForm_ListsEveryProblemInTheSummaryLinkedToItsField()
    {
        await using var app = await WebApp.StartAsync();

        var (response, page) = await app.SignUpAsync([]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        var expected = new Dictionary<string, string>
        {
            ["name"] = "Enter your full name",
            ["email"] = "Enter your email address",
            ["organisation"] = "Enter the name of your organisation",
            ["role"] = "Enter your role or job title",
            ["intro"] = "Enter a short introduction about yourself",
            ["cadence"] = "Select how often you want to take part",
            ["consent"] = "Select that you agree to share your details with the people you are matched with",
            ["conduct"] = "Select that you agree to the code of conduct",
        };
        var links = page.QuerySelectorAll(".govuk-error-summary__list a").Cast<IHtmlAnchorElement>().ToList();
        Assert.Equal(expected.Keys.Select(k => "#" + k), links.Select(l => l.GetAttribute("href")));
        foreach (var (field, message) in expected)
        {
            var link = Assert.Single(links, l => l.GetAttribute("href") == "#" + field);
            Assert.Equal(message, link.TextContent.Trim());
            Assert.NotNull(page.GetElementById(field));
            var inline = page.GetElementById(field + "-error");
            Assert.NotNull(inline);
            Assert.Equal("Error: " + message, inline.TextContent.Trim());
        }
    }

    [Fact]
    public async Task SignUp_InvalidValues_SaysWhatToDoAndKeepsWhatWasTyped()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();
        values["email"] = "ada at leeds";
        values["name"] = new string('A', 101);
        values["role"] = "Designer\r\nBcc: victim@example.org";
        values["phone"] = "call me maybe";
        values["video"] = "handle\u0007";
        values["intro"] = new string('x', 501);

        var (_, page) = await app.SignUpAsync(values);

        Assert.Equal("Enter an email address in the correct format, like name@example.com", ErrorFor(page, "email"));
        Assert.Equal("Full name must be 100 characters or fewer", ErrorFor(page, "name"));
        Assert.Equal("Role must be on one line, without special characters", ErrorFor(page, "role"));
        Assert.Equal("Enter a telephone number, like 01632 960 001 or +44 808 157 0192", ErrorFor(page, "phone"));
        Assert.Equal("Video-call handle must be on one line, without special characters", ErrorFor(page, "video"));
        Assert.Equal("Introduction must be 500 characters or fewer", ErrorFor(page, "intro"));
        Assert.Null(page.GetElementById("cadence-error"));

        Assert.Equal("ada at leeds", ((IHtmlInputElement)page.GetElementById("email")!).Value);
        Assert.Equal(new string('A', 101), ((IHtmlInputElement)page.GetElementById("name")!).Value);
        Assert.Equal("Leeds City Council", ((IHtmlInputElement)page.GetElementById("organisation")!).Value);
        Assert.Equal("call me maybe", ((IHtmlInputElement)page.GetElementById("phone")!).Value);
        Assert.Equal(new string('x', 501), ((IHtmlTextAreaElement)page.GetElementById("intro")!).Value);
        Assert.True(((IHtmlInputElement)page.GetElementById("cadence-2-monthly")!).IsChecked);
        Assert.True(((IHtmlInputElement)page.GetElementById("consent")!).IsChecked);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_TooLongEmail_SaysTheLimit()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp(new string('a', 250) + "@x.org");

        var (_, page) = await app.SignUpAsync(values);

        Assert.Equal("Email address must be 254 characters or fewer", ErrorFor(page, "email"));
    }

    [Fact]
    public async Task SignUp_ControlCharacterInTheIntro_SaysWhatIsAllowedAndKeepsTheText()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();
        values["intro"] = "I redesign forms.\u0007 Ask me anything.";

        var (_, page) = await app.SignUpAsync(values);

        Assert.Equal("Introduction must only include letters, numbers, spaces, line breaks and punctuation", ErrorFor(page, "intro"));
        Assert.Contains("I redesign forms.", page.QuerySelector("textarea[name=intro]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_EmailField_FollowsTheGovUkEmailPattern()
    {
        await using var app = await WebApp.StartAsync();

        var (_, page) = await app.GetAsync("/sign-up");

        var email = (IHtmlInputElement)page.GetElementById("email")!;
        Assert.Equal("email", email.Type);
        Assert.Equal("email", email.GetAttribute("autocomplete"));
        Assert.Equal("false", email.GetAttribute("spellcheck"));
        Assert.NotNull(page.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Contains(ConsentText.Current, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_NoOrganisation_SuggestsOneFromTheEmailDomain()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp("ada@leeds.gov.uk");
        values["organisation"] = "";

        var (response, _) = await app.SignUpAsync(values);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await app.Services.GetRequiredService<ParticipantStore>().FindByEmailAsync("ada@leeds.gov.uk");
        Assert.Equal("Leeds", stored!.Organisation);
    }

    [Fact]
    public async Task SignUp_Valid_StoresAPendingParticipantWithTheConsentTheySaw()
    {
        await using var app = await WebApp.StartAsync();

        var (response, _) = await app.SignUpAsync(WebApp.ValidSignUp());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-up/check-your-email", response.Headers.Location!.OriginalString);
        var stored = await app.Services.GetRequiredService<ParticipantStore>().FindByEmailAsync("ada@leeds.gov.uk");
        Assert.NotNull(stored);
        Assert.Equal(ParticipantStatus.Pending, stored.Status);
        Assert.Equal(ConsentText.CurrentVersion, stored.ConsentTextVersion);
        Assert.Equal("consent", stored.ConsentBasis);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, stored.ConsentAt);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, stored.ConductAgreedAt);
        Assert.Equal(Cadence.TwoMonthly, stored.Cadence);
        Assert.Equal("I redesign council tax forms.\nHappy to talk about anything.", stored.Intro);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
    }

    [Fact]
    public async Task SignUp_WithoutAntiforgeryToken_IsRefused()
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.PostAsync("/sign-up", new FormUrlEncodedContent(WebApp.ValidSignUp()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_HoneypotFilledIn_LooksLikeSuccessButStoresNothing()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();
        values["website"] = "http://spam.example";

        var (response, _) = await app.SignUpAsync(values);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-up/check-your-email", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_SentFasterThanAPersonCould_IsShownAgainButStoresNothing()
    {
        await using var app = await WebApp.StartAsync();
        var (_, form) = await app.GetAsync("/sign-up");
        app.Time.Advance(TimeSpan.FromSeconds(1));

        var (response, _) = await app.SubmitAsync(form, WebApp.ValidSignUp());

        // Once a silent "check your email" with no email (issue 11); what a person gets instead: SignUpTimingTests, ADR 0018.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_ForgedShownTime_IsTreatedAsABot()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();
        values["shown"] = "0";

        await app.SignUpAsync(values);

        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_LimitIsPerClientAddress_AnotherAddressIsStillServed()
    {
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?> { ["Unmentoring:Web:FormPostsPerWindow"] = "3" });
        var busy = app.NewClient(System.Net.IPAddress.Parse("203.0.113.1"));
        var other = app.NewClient(System.Net.IPAddress.Parse("203.0.113.2"));
        for (var i = 0; i < 3; i++)
        {
            var (ok, _) = await app.SignUpAsync(WebApp.ValidSignUp($"person{i}@example.org"), busy);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var (limited, _) = await app.SignUpAsync(WebApp.ValidSignUp("one-too-many@example.org"), busy);
        var (served, _) = await app.SignUpAsync(WebApp.ValidSignUp("someone-else@example.org"), other);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, served.StatusCode);
        Assert.Equal(4, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_TooManyFromOneAddress_Answers429WithAHelpfulPage()
    {
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?> { ["Unmentoring:Web:FormPostsPerWindow"] = "3" });
        for (var i = 0; i < 3; i++)
        {
            var (ok, _) = await app.SignUpAsync(WebApp.ValidSignUp($"person{i}@example.org"));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var (response, page) = await app.SignUpAsync(WebApp.ValidSignUp("one-too-many@example.org"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("You've sent this form too many times", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Wait 10 minutes, then try again", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.True(response.Headers.RetryAfter is not null);
        Assert.Equal(3, await app.CountAsync("SELECT count(*) FROM participants"));

        // Reading the form is never limited, and neither is the manage-link page's GET.
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/sign-up")).Response.StatusCode);
        var (linkForm, linkPage) = await app.GetAsync("/manage-link");
        Assert.Equal(HttpStatusCode.OK, linkForm.StatusCode);
        var (limited, _) = await app.SubmitAsync(linkPage, [new("email", "person0@example.org")]);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task Pages_CarryTheSecurityHeaders()
    {
        await using var app = await WebApp.StartAsync();

        foreach (var path in new[] { "/", "/sign-up", "/privacy", "/accessibility", "/cookies", "/manage-link", "/no-such-page" })
        {
            var response = await app.Client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task Pages_HaveNoInlineScriptAndUseOnlyTheirOwnAssets()
    {
        await using var app = await WebApp.StartAsync();

        foreach (var path in new[] { "/", "/sign-up", "/privacy", "/accessibility", "/cookies", "/manage-link" })
        {
            var (response, page) = await app.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var script in page.Scripts)
            {
                Assert.StartsWith("/", script.Source, StringComparison.Ordinal);
                Assert.True(string.IsNullOrWhiteSpace(script.Text), $"{path} has an inline script");
            }

            Assert.Empty(page.QuerySelectorAll("[style]"));
            Assert.All(page.QuerySelectorAll("link[rel=stylesheet]"), l => Assert.StartsWith("/", l.GetAttribute("href"), StringComparison.Ordinal));
        }

        foreach (var asset in new[] { "/lib/govuk/site.css", "/lib/govuk/govuk-frontend.min.js", "/js/app.mjs", "/theme.css" })
        {
            var response = await app.Client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var css = await app.Client.GetStringAsync("/lib/govuk/site.css");
        Assert.DoesNotContain("GDS Transport", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Theme_ComesFromConfiguration()
    {
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Unmentoring:Web:BrandColour"] = "#4c2c92",
            ["Unmentoring:SchemeName"] = "Coffee Roulette",
        });

        var css = await app.Client.GetStringAsync("/theme.css");
        var (_, page) = await app.GetAsync("/");

        Assert.Contains("--govuk-brand-colour: #4c2c92", css, StringComparison.Ordinal);
        Assert.Contains("Coffee Roulette", page.Title, StringComparison.Ordinal);
        Assert.Equal("Coffee Roulette", page.QuerySelector(".govuk-generic-header__homepage-link")!.TextContent.Trim());
    }

    internal static string? ErrorFor(IHtmlDocument page, string field)
    {
        var summary = page.QuerySelectorAll(".govuk-error-summary__list a").FirstOrDefault(a => a.GetAttribute("href") == "#" + field)?.TextContent.Trim();
        var inline = page.GetElementById(field + "-error")?.TextContent.Trim();
        Assert.Equal(summary is null ? null : "Error: " + summary, inline);
        return summary;
    }
}
