using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;
using static Unmentoring.Tests.Organisers.RoundsPageTests;

namespace Unmentoring.Tests.Organisers;

/// <summary>
/// The preview of the next round is made on request and kept: looking at it again shows the same plan, says
/// when it was made and by whom, and says plainly when something it depended on has changed since.
/// </summary>
public sealed class RoundPreviewPageTests
{
    private const string Organiser = "org@council.example.gov.uk";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Preview_LookedAtAgain_ShowsTheKeptPlanUntilMadeAgain(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await AddPeopleAsync(app, 6);
        using var organiser = app.OrganiserClient(Organiser);

        var made = await MakePreviewAsync(app, organiser);
        var (_, first) = await app.GetAsync("/organise/rounds?handler=Preview", organiser);
        var (_, second) = await app.GetAsync("/organise/rounds?handler=Preview", organiser);

        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Equal("/organise/rounds?handler=Preview", made.Headers.Location!.OriginalString);
        Assert.Equal(3, Groups(first).Count);
        Assert.Equal(Groups(first), Groups(second));
        Assert.Equal(Seed(first), Seed(second));
        Assert.Contains($"by {Organiser}", first.GetElementById("made")!.TextContent, StringComparison.Ordinal);
        Assert.Null(first.GetElementById("out-of-date"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM round_previews"));

        await MakePreviewAsync(app, organiser);
        var (_, again) = await app.GetAsync("/organise/rounds?handler=Preview", organiser);

        Assert.NotEqual(Seed(first), Seed(again));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM round_previews"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM rounds"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM round_outcomes"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Preview_AfterSomeoneJoinsTheRulesChangeAndTheRoundRuns_SaysWhyItIsOutOfDate(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await AddPeopleAsync(app, 4);
        using var organiser = app.OrganiserClient(Organiser);
        await MakePreviewAsync(app, organiser);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<ParticipantStore>().AddAsync(new Participant
        {
            PublicId = "",
            Email = "late@org9.example",
            Name = "Late Joiner",
            Organisation = "Organisation 9",
            Role = "Officer",
            Intro = "I work on local services.",
            Status = ParticipantStatus.Active,
            ConsentBasis = "form",
            ConsentTextVersion = "test",
            ConsentAt = DateTime.UtcNow,
            ConfirmedAt = DateTime.UtcNow,
        });
        var (_, afterJoining) = await app.GetAsync("/organise/rounds?handler=Preview", organiser);

        var rules = app.Services.GetRequiredService<RulesStore>();
        var current = await rules.CurrentAsync();
        await rules.SaveAsync(current.Rules with { RepeatWindowRounds = current.Rules.RepeatWindowRounds + 1 }, "test", "repeatWindowRounds", current.Version);
        var (_, afterRules) = await app.GetAsync("/organise/rounds?handler=Preview", organiser);

        await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse("2026-11"));
        var (_, afterRunning) = await app.GetAsync("/organise/rounds?handler=Preview", organiser);

        var joined = afterJoining.GetElementById("out-of-date")!.TextContent;
        Assert.Contains("participants have joined, left or changed their details since", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("rules", joined, StringComparison.Ordinal);
        Assert.Contains("the rules have changed since", afterRules.GetElementById("out-of-date")!.TextContent, StringComparison.Ordinal);
        var ran = afterRunning.GetElementById("out-of-date")!.TextContent;
        Assert.Contains("a round has been run, changed or approved since", ran, StringComparison.Ordinal);
        Assert.Contains("the next round is now the December 2026 round", ran, StringComparison.Ordinal);
        Assert.Equal("Preview of the November 2026 round", afterRunning.QuerySelector("h1")!.TextContent.Trim());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Preview_NoneMade_SaysSoAndOnlyAnOrganiserMayMakeOne(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await AddPeopleAsync(app, 4);
        using var organiser = app.OrganiserClient(Organiser);
        using var viewer = app.OrganiserClient("viewer@council.example.gov.uk", OrganiserRoles.Viewer);

        var (response, asOrganiser) = await app.GetAsync("/organise/rounds?handler=Preview", organiser);
        var (viewerResponse, asViewer) = await app.GetAsync("/organise/rounds?handler=Preview", viewer);
        var (_, list) = await app.GetAsync("/organise/rounds", viewer);
        var refused = await viewer.PostAsync("/organise/rounds?handler=Preview", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No preview has been made yet", asOrganiser.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(asOrganiser.GetElementById("preview"));
        Assert.Equal(HttpStatusCode.OK, viewerResponse.StatusCode);
        Assert.Contains("No preview has been made yet", asViewer.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(asViewer.GetElementById("preview"));
        Assert.Null(asViewer.QuerySelector("#groups"));
        Assert.Null(list.GetElementById("preview"));
        Assert.NotNull(list.GetElementById("latest-preview"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM round_previews"));
    }

    private static List<string> Groups(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#groups li").Select(li => li.TextContent.Trim()).ToList();

    private static string Seed(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-summary-list__row").Single(r => r.QuerySelector("dt")!.TextContent.Trim() == "Seed").QuerySelector("dd")!.TextContent.Trim();
}
