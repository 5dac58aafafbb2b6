using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Unmentoring.Mail;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Organisers;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Participants;

/// <summary>
/// "Report a problem with my match", through the host, from the link in the introduction actually written to
/// the pickup folder, to an exclusion that the next round honours (docs/adr/0028-exclusions-and-match-reports.md).
/// </summary>
public sealed partial class ReportProblemTests
{
    private const string Ada = "ada@council.example.gov.uk";
    private const string Bob = "bob@council.example.gov.uk";
    private const string Reason = "They spent the call selling me their product.";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Report_FromTheIntroductionsLink_ExcludesAtOnce_TellsTheOrganisers_NotTheOther_AndTheNextRoundHonoursIt(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await RepeatsAllowedAsync(app);
        var people = await TestPeople.AddAsync(app, 2);
        var (reporter, other) = (people[0], people[1]);
        using var organiser = app.OrganiserClient(Ada, name: "Ada Organiser");
        using var viewer = app.OrganiserClient(Bob, OrganiserRoles.Viewer);
        var rounds = app.Services.GetRequiredService<RoundService>();

        var november = await rounds.RunAsync(Period.Parse("2026-11"));
        Assert.Equal([[reporter.Id, other.Id]], november.Round.Groups.Select(g => g.Order().ToArray()));
        await DispatchAsync(app);
        var link = ReportLink(Assert.Single(EmailsTo(app, reporter.Email!)));

        var (shown, form) = await app.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("Report a problem with your November 2026 match", form.QuerySelector("h1")!.TextContent.Trim());
        var choice = (IHtmlInputElement)form.QuerySelector("input[name='person']")!;
        Assert.Equal(other.PublicId, choice.Value);
        Assert.Contains("Person 1", form.QuerySelector($"label[for='{choice.Id}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM match_reports") + await app.CountAsync("SELECT count(*) FROM exclusions"));
        var otherDataBefore = await DataOfAsync(app, other);

        var (reported, _) = await app.SubmitAsync(form, [new("person", other.PublicId), new("reason", Reason)]);
        var (again, _) = await app.SubmitAsync(form, [new("person", other.PublicId), new("reason", "Second thoughts.")]);

        Assert.Equal(HttpStatusCode.Redirect, reported.StatusCode);
        var (_, confirmation) = await app.GetAsync(reported.Headers.Location!.OriginalString);
        Assert.Equal("You will not be paired with Person 1 again", confirmation.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM match_reports WHERE reason = @r", ("r", Reason)));
        Assert.Equal(new List<(long, long)> { (reporter.Id, other.Id) }, await app.Services.GetRequiredService<RoundHistory>().ExclusionsAsync());
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'exclusion.reported'"));

        // Every organiser is told once, in an email that names nobody; the other person gets nothing and their data download is as it was.
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'matchProblemReported'"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'matchProblemReported' AND participant_id IS NOT NULL"));
        await DispatchAsync(app);
        foreach (var address in new[] { Ada, Bob })
        {
            var told = Assert.Single(EmailsTo(app, address));
            Assert.Equal("A participant reported a problem with their November 2026 match", told.Subject);
            Assert.Contains("https://unmentoring.test/organise/exclusions#reported", told.TextBody, StringComparison.Ordinal);
            foreach (var secret in new[] { reporter.Email!, other.Email!, "Person 0", "Person 1", Reason })
            {
                Assert.DoesNotContain(secret, told.TextBody + told.HtmlBody, StringComparison.Ordinal);
            }
        }

        Assert.Single(EmailsTo(app, other.Email!));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE participant_id = @id", ("id", other.Id)));
        Assert.Equal(otherDataBefore, await DataOfAsync(app, other));

        // The organisers' page lists the report, with who, about whom and why.
        var (_, page) = await app.GetAsync("/organise/exclusions", viewer);
        var report = page.QuerySelector("#reports tbody tr")!.TextContent;
        Assert.Contains(reporter.Email!, report, StringComparison.Ordinal);
        Assert.Contains(other.Email!, report, StringComparison.Ordinal);
        Assert.Contains(Reason, report, StringComparison.Ordinal);
        Assert.Contains("In force", report, StringComparison.Ordinal);
        Assert.Contains(ExclusionList.ReportedByParticipant, page.QuerySelector("#exclusions tbody tr")!.TextContent, StringComparison.Ordinal);

        // Under the same rules that paired them in November, the two are the only possible pair: December leaves them apart.
        var december = await rounds.RunAsync(Period.Parse("2026-12"));
        Assert.True(december.Created);
        Assert.Empty(december.Round.Groups);
        Assert.Equal(2, december.Round.Outcomes.Count(o => o.Outcome == RoundOutcome.Unmatched));
    }

    [Fact]
    public async Task Link_ForgedOrForAGroupThePersonWasNotIn_IsRefusedAndChangesNothing()
    {
        await using var app = await WebApp.StartAsync();
        var people = await TestPeople.AddAsync(app, 3);
        var store = app.Services.GetRequiredService<ParticipantStore>();
        await store.ChangeStatusAsync(people[2].Id, ParticipantStatus.Paused, new DateOnly(2027, 6, 1));
        app.OrganiserClient(Ada).Dispose();
        var november = await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse("2026-11"));
        await DispatchAsync(app);
        var link = ReportLink(Assert.Single(EmailsTo(app, people[0].Email!)));
        var (_, form) = await app.GetAsync(link);
        var token = link.Split('/')[^1];
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var outsider = app.Services.GetRequiredService<ParticipantLinks>().ReportProblemUrl(people[2].PublicId, november.Round.Id);
        var manage = app.Services.GetRequiredService<ParticipantLinks>().ManageUrl(people[0].PublicId);

        foreach (var wrong in new[] { $"/report/{forged}", new Uri(outsider).PathAndQuery, "/report/" + manage.Split('/')[^1], "/report/nonsense" })
        {
            var (get, _) = await app.GetAsync(wrong);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            var posted = await app.Client.PostAsync(wrong, new FormUrlEncodedContent([
                new("person", people[1].PublicId),
                new("__RequestVerificationToken", form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!)]));
            Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        }

        // With the real link, only someone from the reporter's own group can be named.
        var (refused, page) = await app.SubmitAsync(form, [new("person", people[2].PublicId)]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("Select who you do not want to be paired with again", page.QuerySelector(".govuk-error-summary a")!.TextContent.Trim());
        var (unchosen, _) = await app.SubmitAsync(form, [new("person", "")]);
        Assert.Equal(HttpStatusCode.OK, unchosen.StatusCode);
        var (tooLong, longPage) = await app.SubmitAsync(form, [new("person", people[1].PublicId), new("reason", new string('x', MatchProblemReports.ReasonMaxLength + 1))]);
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Equal("#reason", longPage.QuerySelector(".govuk-error-summary a")!.GetAttribute("href"));

        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM match_reports"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM exclusions"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'matchProblemReported'"));
    }

    [Fact]
    public async Task Erasure_RemovesTheReasonOfAReportAboutThem()
    {
        await using var app = await WebApp.StartAsync();
        var people = await TestPeople.AddAsync(app, 2);
        var november = await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse("2026-11"));
        var reports = app.Services.GetRequiredService<MatchProblemReports>();
        var group = (await reports.GroupAsync(people[0].Id, november.Round.Id))!;
        await reports.ReportAsync(people[0], group, group.Others.Single(), Reason);

        await app.Services.GetRequiredService<ParticipantStore>().EraseAsync(people[1].Id);

        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM match_reports WHERE reason IS NULL"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM exclusions"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DataDownload_ListsTheReportersOwnReports_NamingOnlyWhatTheirRoundShows_AndErasureRemovesTheReasons(string provider)
    {
        const string SecondReason = "They did not turn up twice.";
        await using var app = await WebApp.StartAsync(provider);
        var people = await TestPeople.AddAsync(app, 3);
        var (reporter, first, second) = (people[0], people[1], people[2]);
        var november = await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse("2026-11"));
        Assert.Single(november.Round.Groups);
        var reports = app.Services.GetRequiredService<MatchProblemReports>();
        var group = (await reports.GroupAsync(reporter.Id, november.Round.Id))!;
        await reports.ReportAsync(reporter, group, group.Others.Single(o => o.Id == first.Id), Reason);
        await reports.ReportAsync(reporter, group, group.Others.Single(o => o.Id == second.Id), SecondReason);

        var data = await ExportAsync(app, reporter);

        var round = Assert.Single(data.Rounds);
        Assert.Equal(2, data.MatchReports.Count);
        var aboutFirst = data.MatchReports.Single(r => r.About.Name == "Person 1");
        Assert.Equal("2026-11", aboutFirst.Round);
        Assert.Equal(app.Time.StorageNow(), aboutFirst.ReportedAt);
        Assert.Equal(new MatchedPerson("Person 1", "Organisation 1"), aboutFirst.About);
        Assert.Equal(Reason, aboutFirst.Reason);
        Assert.All(data.MatchReports, r => Assert.Contains(r.About, round.MatchedWith));
        Assert.Equal(SecondReason, data.MatchReports.Single(r => r.About.Name == "Person 2").Reason);
        var reportsJson = JsonSerializer.Serialize(data.MatchReports, MyDataExport.Json);
        foreach (var other in new[] { first, second })
        {
            Assert.DoesNotContain(other.Email!, reportsJson, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(other.PublicId, reportsJson, StringComparison.Ordinal);
        }

        Assert.Equal(Reason, JsonDocument.Parse(JsonSerializer.Serialize(data, MyDataExport.Json)).RootElement.GetProperty("matchReports")[0].GetProperty("reason").GetString());

        // The people reported are never told: their downloads have no reports and no word of the reasons.
        foreach (var other in new[] { first, second })
        {
            var theirs = await ExportAsync(app, other);
            Assert.Empty(theirs.MatchReports);
            var json = JsonSerializer.Serialize(theirs, MyDataExport.Json);
            Assert.DoesNotContain(Reason, json, StringComparison.Ordinal);
            Assert.DoesNotContain(SecondReason, json, StringComparison.Ordinal);
        }

        // One of them deletes their data: that report loses its reason and names nobody; the other keeps its reason.
        var store = app.Services.GetRequiredService<ParticipantStore>();
        Assert.True(await store.EraseAsync(first.Id));
        var after = await ExportAsync(app, reporter);
        Assert.Equal(2, after.MatchReports.Count);
        var erased = after.MatchReports.Single(r => r.About.Name != "Person 2");
        Assert.Equal(new MatchedPerson("(someone who has since deleted their data)", null), erased.About);
        Assert.Null(erased.Reason);
        Assert.Equal(SecondReason, after.MatchReports.Single(r => r.About.Name == "Person 2").Reason);

        // The reporter deletes theirs: no reason of any report of theirs is left.
        Assert.True(await store.EraseAsync(reporter.Id));
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM match_reports WHERE reporter_id = @id", ("id", reporter.Id)));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM match_reports WHERE reason IS NOT NULL"));
    }

    /// <summary>No repeat window, so in the next round nothing but an exclusion keeps two people who met apart.</summary>
    private static async Task RepeatsAllowedAsync(WebApp app)
    {
        var rules = app.Services.GetRequiredService<RulesStore>();
        var current = await rules.CurrentAsync();
        await rules.SaveAsync(current.Rules with { RepeatWindowRounds = 0 }, "test", "repeatWindowRounds=0", current.Version);
    }

    /// <summary>Sends what the outbox holds into the pickup folder, as the dispatcher of a running service would.</summary>
    private static async Task DispatchAsync(WebApp app) =>
        await app.Services.GetRequiredService<OutboxDispatch>().RunOnceAsync(default);

    private static IReadOnlyList<MimeMessage> EmailsTo(WebApp app, string address)
    {
        var folder = ((PickupFolderTransport)app.Services.GetRequiredService<IMailTransport>()).Folder;
        return Directory.GetFiles(folder, "*.eml")
            .Select(file => MimeMessage.Load(file))
            .Where(m => m.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>The report link of an introduction, the same in its text and its HTML.</summary>
    private static string ReportLink(MimeMessage introduction)
    {
        var text = ReportUrl().Match(introduction.TextBody ?? "");
        Assert.True(text.Success, introduction.TextBody);
        Assert.Contains($"href=\"{text.Value}\"", introduction.HtmlBody, StringComparison.Ordinal);
        return new Uri(text.Value).PathAndQuery;
    }

    private static async Task<string> DataOfAsync(WebApp app, Participant person) =>
        JsonSerializer.Serialize(await ExportAsync(app, person) with { ExportedAt = default }, MyDataExport.Json);

    /// <summary>The person's "download my data", as the manage page gives it.</summary>
    private static async Task<MyData> ExportAsync(WebApp app, Participant person)
    {
        var found = (await app.Services.GetRequiredService<ParticipantStore>().FindAsync(person.Id))!;
        return await app.Services.GetRequiredService<MyDataExport>().ExportAsync(found);
    }

    [GeneratedRegex(@"https://unmentoring\.test/report/[A-Za-z0-9_\-]+")]
    private static partial Regex ReportUrl();
}
