using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Feedback;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Feedback;

/// <summary>The answer page and "Keep me in", from the links in the emails the service actually composed.</summary>
public sealed partial class FeedbackPagesTests
{
    [Fact]
    public async Task AnswerLink_GetShowsTheAnswerSelectedAndRecordsNothing_PostRecords_AChangeReplacesIt()
    {
        await using var app = await WebApp.StartAsync();
        var (ada, round) = await AskedAsync(app);
        var links = await AnswerLinksAsync(app, ada.Id);

        var (shown, page) = await app.GetAsync(links["met"]);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("Did you meet Person 1?", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.True(((IHtmlInputElement)page.GetElementById("answer")!).IsChecked);
        Assert.Equal("Confirm", page.QuerySelector("main form button")!.TextContent.Trim());
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM feedback"));

        var (posted, done) = await app.SubmitAsync(page, []);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Your answer is recorded: We met", done.QuerySelector(".govuk-panel")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("met", await AnswerAsync(app, round.Id, ada.Id));

        // Changed until the round closes: the newest answer replaces the first, with its reason.
        var (_, change) = await app.GetAsync(links["couldNotMeet"]);
        Assert.True(((IHtmlInputElement)change.GetElementById("answer-couldNotMeet")!).IsChecked);
        var (_, missing) = await app.SubmitAsync(change, []);
        Assert.Equal("Select why you couldn't meet", missing.QuerySelector(".govuk-error-summary a[href='#reason']")!.TextContent.Trim());
        Assert.Equal("met", await AnswerAsync(app, round.Id, ada.Id));
        await app.SubmitAsync(missing, [new("reason", "other"), new("other-reason", "They moved job")]);
        Assert.Equal("couldNotMeet other They moved job", await AnswerAsync(app, round.Id, ada.Id));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM feedback"));

        // The next round closes it: the page says so and a POST changes nothing.
        app.Time.Advance(TimeSpan.FromDays(35));
        await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Of(DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime)));
        var (_, closed) = await app.GetAsync(links["notYet"]);
        Assert.Equal("This round has closed", closed.QuerySelector("h1")!.TextContent.Trim());
        var form = new FormUrlEncodedContent([new("answer", "notYet")]);
        await app.Client.PostAsync(links["notYet"], form);
        Assert.Equal("couldNotMeet other They moved job", await AnswerAsync(app, round.Id, ada.Id));
    }

    [Fact]
    public async Task AnswerLink_ForgedOrForAnotherRound_IsRefusedAndRecordsNothing()
    {
        await using var app = await WebApp.StartAsync();
        var (ada, _) = await AskedAsync(app);
        var met = (await AnswerLinksAsync(app, ada.Id))["met"];
        var token = met.Split('/')[2];

        foreach (var forged in new[] { met.Replace(token, token[..^2] + (token[^2] == 'A' ? "BA" : "AA"), StringComparison.Ordinal), "/feedback/abc/met", $"/feedback/{token[..56]}/met" })
        {
            var (response, page) = await app.GetAsync(forged);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("This link is not valid", page.QuerySelector("h1")!.TextContent.Trim());
            // The page speaks of any link in an email, not only the manage link, since a feedback link led here.
            Assert.Contains("Links in our emails stop working", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            var (_, real) = await app.GetAsync(met);
            var antiforgery = ((IHtmlInputElement)real.QuerySelector("input[name='__RequestVerificationToken']")!).Value;
            var posted = await app.Client.PostAsync(forged, new FormUrlEncodedContent([new("answer", "met"), new("__RequestVerificationToken", antiforgery)]));
            Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        }

        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM feedback"));
    }

    [Fact]
    public async Task KeepMeIn_GetShowsOneButton_PostRestoresThePerson()
    {
        await using var app = await WebApp.StartAsync();
        var people = await TestPeople.AddAsync(app, 1);
        var feedback = app.Services.GetRequiredService<FeedbackStore>();
        await using (var connection = await app.Database.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await feedback.PauseForSilenceAsync([people[0].Id], app.Time.GetUtcNow().UtcDateTime, transaction, default);
            await transaction.CommitAsync();
        }

        var links = app.Services.GetRequiredService<ParticipantLinks>();
        var keep = new Uri(links.ManageUrl(people[0].PublicId, "keep-me-in")).PathAndQuery;
        var (_, page) = await app.GetAsync(keep);
        Assert.Equal("Keep me in", page.QuerySelector("main form button")!.TextContent.Trim());
        Assert.Equal(ParticipantStatus.Paused, (await Journeys.ParticipantAsync(app, people[0].Email!)).Status);

        var (_, done) = await app.SubmitAsync(page, []);
        Assert.Equal("You're taking part again", done.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, people[0].Email!)).Status);
    }

    private static async Task<(Participant Ada, RoundReport Round)> AskedAsync(WebApp app)
    {
        var people = await TestPeople.AddAsync(app, 2);
        var round = (await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Of(DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime)))).Round;
        app.Time.Advance(TimeSpan.FromDays(21));
        Assert.Equal(2, (await app.Services.GetRequiredService<FeedbackRequests>().SendDueAsync(default)).Asked);
        return (people[0], round);
    }
    /// <summary>The three answer links in the person's "did you meet?" email, by answer, as paths.</summary>
    private static async Task<Dictionary<string, string>> AnswerLinksAsync(WebApp app, long participantId)
    {
        await using var connection = await app.Database.Database.OpenAsync();
        var body = await connection.ScalarAsync<string>("SELECT text_body FROM outbox_messages WHERE kind = 'followUp' AND participant_id = @id", null, default, ("id", participantId));
        var links = AnswerLink().Matches(body!).ToDictionary(m => m.Groups["answer"].Value, m => new Uri(m.Value).PathAndQuery);
        Assert.Equal(["couldNotMeet", "met", "notYet"], links.Keys.Order(StringComparer.Ordinal));
        return links;
    }

    private static async Task<string> AnswerAsync(WebApp app, long roundId, long participantId)
    {
        await using var connection = await app.Database.Database.OpenAsync();
        await using var command = connection.Command("SELECT outcome, reason_code, reason FROM feedback WHERE round_id = @r AND participant_id = @p", null, ("r", roundId), ("p", participantId));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return string.Join(" ", new[] { reader.GetString(0), reader.NullableString(1), reader.NullableString(2) }.Where(s => s is not null));
    }

    [GeneratedRegex(@"https://unmentoring\.test/feedback/[A-Za-z0-9_\-]+/(?<answer>met|notYet|couldNotMeet)")]
    private static partial Regex AnswerLink();
}
