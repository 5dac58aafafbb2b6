using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Participants;

namespace Unmentoring.Tests.Web;

/// <summary>
/// The sign-up form sent back faster than <c>Unmentoring:Web:MinimumFillTime</c> (3 s): by a person who
/// presses Sign up at once to see what is needed, whose browser fills the form in, or who fixes one box.
/// Nobody is told to check their email unless an email is on its way (ADR 0018).
/// </summary>
public sealed class SignUpTimingTests
{
    private const string SendAgain = "Check your details, then select Sign up again";

    [Fact]
    public async Task SignUp_EmptyFormSentAtOnce_ListsEveryProblemInTheSummary()
    {
        await using var app = await WebApp.StartAsync();

        var (response, page) = await SendAtOnceAsync(app, []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        Assert.Equal(
            ["#name", "#email", "#organisation", "#role", "#intro", "#cadence", "#consent", "#conduct"],
            SummaryLinks(page));
        Assert.Equal("Enter your full name", SignUpPageTests.ErrorFor(page, "name"));
        Assert.Equal("Select that you agree to the code of conduct", SignUpPageTests.ErrorFor(page, "conduct"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_InvalidFormSentAtOnce_SaysWhatToFixAndKeepsWhatWasTyped()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();
        values["email"] = "ada at leeds";
        values["phone"] = "call me maybe";

        var (response, page) = await SendAtOnceAsync(app, values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["#email", "#phone"], SummaryLinks(page));
        Assert.Equal("Enter an email address in the correct format, like name@example.com", SignUpPageTests.ErrorFor(page, "email"));
        Assert.Equal("Enter a telephone number, like 01632 960 001 or +44 808 157 0192", SignUpPageTests.ErrorFor(page, "phone"));
        AssertKeptAsTyped(page, values);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_ValidFormSentAtOnce_IsShownAgainAsTypedAskingToSendItAgain()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();

        var (response, page) = await SendAtOnceAsync(app, values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.StartsWith("Error: Sign up", page.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("Check your email", page.Body!.TextContent, StringComparison.Ordinal);
        var link = Assert.Single(page.QuerySelectorAll(".govuk-error-summary__list a"));
        Assert.Equal(SendAgain, link.TextContent.Trim());
        Assert.Equal("#send", link.GetAttribute("href"));
        var button = page.GetElementById("send")!;
        Assert.Equal("Sign up", button.TextContent.Trim());
        Assert.Equal("send-reason", button.GetAttribute("aria-describedby"));
        Assert.Contains("We have not signed you up yet", page.GetElementById("send-reason")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll(".govuk-error-message"));
        AssertKeptAsTyped(page, values);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task SignUp_ShownAgainAndSentAtOnceAgain_IsAcceptedAndTheEmailIsOnItsWay()
    {
        await using var app = await WebApp.StartAsync();
        var (_, askedAgain) = await SendAtOnceAsync(app, WebApp.ValidSignUp());

        // As the page came back: nothing changed, and no time passed.
        var (response, _) = await app.SubmitAsync(askedAgain, []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-up/check-your-email", response.Headers.Location!.OriginalString);
        var stored = await app.Services.GetRequiredService<ParticipantStore>().FindByEmailAsync("ada@leeds.gov.uk");
        Assert.Equal(ParticipantStatus.Pending, stored!.Status);
        Assert.Equal("I redesign council tax forms.\nHappy to talk about anything.", stored.Intro);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
    }

    [Fact]
    public async Task SignUp_ShownAgainThenAMistake_ErrorsFirstThenAcceptedWithoutAskingTwice()
    {
        await using var app = await WebApp.StartAsync();
        var (_, askedAgain) = await SendAtOnceAsync(app, WebApp.ValidSignUp());

        var (_, errors) = await app.SubmitAsync(askedAgain, [new("email", "ada at leeds")]);
        Assert.Equal(["#email"], SummaryLinks(errors));
        var (response, _) = await app.SubmitAsync(errors, [new("email", "ada@leeds.gov.uk")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
    }

    [Fact]
    public async Task SignUp_FixedAfterErrors_IsTimedFromWhenTheFormWasFirstShown()
    {
        await using var app = await WebApp.StartAsync();
        var (_, form) = await app.GetAsync("/sign-up");
        app.Time.Advance(TimeSpan.FromSeconds(2));
        var values = WebApp.ValidSignUp();
        values["consent"] = "";
        var (_, errors) = await app.SubmitAsync(form, values);
        Assert.Equal(["#consent"], SummaryLinks(errors));

        // Two seconds on the page of errors, four since the form was first shown.
        app.Time.Advance(TimeSpan.FromSeconds(2));
        var (response, _) = await app.SubmitAsync(errors, [new("consent", "yes")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_HoneypotFilledInAndSentAtOnce_LooksLikeSuccessButStoresNothing()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();
        values["website"] = "http://spam.example";

        var (response, _) = await SendAtOnceAsync(app, values);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-up/check-your-email", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task SignUp_HoneypotFilledInAfterBeingAskedAgain_StillStoresNothing()
    {
        await using var app = await WebApp.StartAsync();
        var (_, askedAgain) = await SendAtOnceAsync(app, WebApp.ValidSignUp());

        var (response, _) = await app.SubmitAsync(askedAgain, [new("website", "http://spam.example")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_ForgedShownTime_IsShownAgainAndStoresNothing()
    {
        await using var app = await WebApp.StartAsync();
        var values = WebApp.ValidSignUp();
        values["shown"] = "0";

        var (response, page) = await app.SignUpAsync(values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["#send"], SummaryLinks(page));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task SignUp_MinimumFillTimeZero_ValidFormSentAtOnceIsAccepted()
    {
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?> { ["Unmentoring:Web:MinimumFillTime"] = "00:00:00" });

        var (response, _) = await SendAtOnceAsync(app, WebApp.ValidSignUp());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'confirmSignUp'"));
    }

    /// <summary>Shows the form and sends it in the same instant, as a person who does not stop to read would.</summary>
    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SendAtOnceAsync(WebApp app, IEnumerable<KeyValuePair<string, string>> values)
    {
        var (_, form) = await app.GetAsync("/sign-up");
        return await app.SubmitAsync(form, values);
    }

    private static List<string?> SummaryLinks(IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).ToList();

    private static void AssertKeptAsTyped(IHtmlDocument page, Dictionary<string, string> values)
    {
        foreach (var field in new[] { "name", "email", "organisation", "role", "phone", "video" })
        {
            Assert.Equal(values[field], ((IHtmlInputElement)page.GetElementById(field)!).Value);
        }

        Assert.Equal(values["intro"], ((IHtmlTextAreaElement)page.GetElementById("intro")!).Value.ReplaceLineEndings("\n"));
        Assert.True(((IHtmlInputElement)page.QuerySelector($"input[name=cadence][value='{values["cadence"]}']")!).IsChecked);
        Assert.True(((IHtmlInputElement)page.GetElementById("consent")!).IsChecked);
        Assert.True(((IHtmlInputElement)page.GetElementById("conduct")!).IsChecked);
        Assert.Equal("", ((IHtmlInputElement)page.GetElementById("website")!).Value);
    }
}
