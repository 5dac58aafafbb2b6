using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>A participant's page for organisers: what it shows, and pause, resume, cadence, remove and delete, each audited.</summary>
public sealed class ParticipantPageTests
{
    private const string Ada = "ada@council.example.gov.uk";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Page_ShowsDetailsConsentEveryRoundWithPartnersAndEveryEmail(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy");
        var alan = await ParticipantPeople.AddAsync(app, "Alan Turing", "alan@bletchley.example", "Bletchley Park");
        await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse("2026-11"));
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        var (response, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Grace Hopper", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("grace@navy.example", page.GetElementById("email")!.TextContent.Trim());
        Assert.Equal("Active", page.GetElementById("status")!.TextContent.Trim());
        Assert.Contains("sign-up form", page.GetElementById("consent")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Version 2026-09", page.GetElementById("consent")!.TextContent, StringComparison.Ordinal);
        var round = page.QuerySelector("#rounds tbody tr")!;
        Assert.Contains("November 2026", round.TextContent, StringComparison.Ordinal);
        Assert.Contains("paired", round.TextContent, StringComparison.Ordinal);
        var partner = round.QuerySelector($"a[href='/organise/participants/{alan.Id}']")!;
        Assert.Equal("Alan Turing", partner.TextContent.Trim());
        var email = page.QuerySelector("#emails tbody tr")!;
        Assert.Contains("introduction", email.TextContent, StringComparison.Ordinal);
        Assert.Contains("pending", email.TextContent, StringComparison.Ordinal);

        // A viewer sees everything and no form that changes anything.
        Assert.Empty(page.QuerySelectorAll("main form"));

        var (byPublicId, samePage) = await app.GetAsync($"/organise/participants/{grace.PublicId}", client);
        Assert.Equal(HttpStatusCode.OK, byPublicId.StatusCode);
        Assert.Equal("Grace Hopper", samePage.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/organise/participants/424242")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/organise/participants/no-such-person")).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pause_UntilADate_PausesThemAndTheActivityPageSaysWho(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy");
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);

        var (response, _) = await app.SubmitAsync(page, [new("pause-day", "1"), new("pause-month", "2"), new("pause-year", "2027")], "#pause-form", client);

        Assert.Equal($"/organise/participants/{grace.Id}?done=paused", response.Headers.Location!.OriginalString);
        var paused = (await Store(app).FindAsync(grace.Id))!;
        Assert.Equal(ParticipantStatus.Paused, paused.Status);
        Assert.Equal(new DateOnly(2027, 2, 1), paused.PausedUntil);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'participant.paused' AND subject = @s AND detail = 'until 2027-02-01'", ("a", Ada), ("s", $"participant {grace.Id}")));
        var (_, shown) = await app.GetAsync(response.Headers.Location.OriginalString, client);
        Assert.Contains("paused until 1 February 2027", shown.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        var (_, activity) = await app.GetAsync("/organise/activity", client);
        var entry = activity.QuerySelectorAll("tbody tr").First(r => r.TextContent.Contains("participant.paused", StringComparison.Ordinal));
        Assert.Contains(Ada, entry.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("31", "2", "2027", "#pause-day", "The date their pause ends must be a real date, like 27 3 2027")]
    [InlineData("1", "", "2027", "#pause-month", "The date their pause ends must include a month")]
    [InlineData("1", "1", "2030", "#pause-day", "The date their pause ends must be within the next 12 months")]
    [InlineData("", "", "", "#pause-day", "Enter the date their pause ends")]
    public async Task Pause_WithABadDate_ShowsTheErrorSummaryKeepsWhatWasTypedAndChangesNothing(string day, string month, string year, string link, string message)
    {
        await using var app = await WebApp.StartAsync();
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy");
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);

        var (response, refused) = await app.SubmitAsync(page, [new("pause-day", day), new("pause-month", month), new("pause-year", year)], "#pause-form", client);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Error:", refused.Title, StringComparison.Ordinal);
        var summary = refused.QuerySelector(".govuk-error-summary a")!;
        Assert.Equal(link, summary.GetAttribute("href"));
        Assert.Equal(message, summary.TextContent.Trim());
        Assert.Equal(day, ((IHtmlInputElement)refused.GetElementById("pause-day")!).Value);
        Assert.Equal(year, ((IHtmlInputElement)refused.GetElementById("pause-year")!).Value);
        Assert.Equal(ParticipantStatus.Active, (await Store(app).FindAsync(grace.Id))!.Status);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'participant.%'"));
    }

    [Fact]
    public async Task Resume_APausedPerson_MakesThemActiveAgain_Audited()
    {
        await using var app = await WebApp.StartAsync();
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy", ParticipantStatus.Paused, new DateOnly(2027, 3, 1));
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);
        Assert.Equal("Paused until 1 March 2027", page.GetElementById("status")!.TextContent.Trim());

        var (response, _) = await app.SubmitAsync(page, [], "#resume-form", client);

        Assert.Equal($"/organise/participants/{grace.Id}?done=resumed", response.Headers.Location!.OriginalString);
        Assert.Equal(ParticipantStatus.Active, (await Store(app).FindAsync(grace.Id))!.Status);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'participant.resumed'", ("a", Ada)));
    }

    [Fact]
    public async Task Cadence_ChangedOrRefused()
    {
        await using var app = await WebApp.StartAsync();
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy");
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);

        var (refused, refusedPage) = await app.SubmitAsync(page, [new("cadence", "weekly")], "#cadence-form", client);
        var (changed, _) = await app.SubmitAsync(page, [new("cadence", "quarterly")], "#cadence-form", client);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("#cadence", refusedPage.QuerySelector(".govuk-error-summary a")!.GetAttribute("href"));
        Assert.Equal($"/organise/participants/{grace.Id}?done=cadence", changed.Headers.Location!.OriginalString);
        Assert.Equal(Cadence.Quarterly, (await Store(app).FindAsync(grace.Id))!.Cadence);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'participant.cadenceChanged' AND detail = 'monthly to quarterly'", ("a", Ada)));
    }

    [Fact]
    public async Task Remove_FromTheScheme_TheyLeaveAsUnsubscribingDoes()
    {
        await using var app = await WebApp.StartAsync();
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy");
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);

        var (response, _) = await app.SubmitAsync(page, [new("remove", "leave")], "#remove-form", client);

        Assert.Equal($"/organise/participants/{grace.Id}?done=removed", response.Headers.Location!.OriginalString);
        Assert.Equal(ParticipantStatus.Unsubscribed, (await Store(app).FindAsync(grace.Id))!.Status);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM participants WHERE id = @id AND left_at IS NOT NULL", ("id", grace.Id)));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'participant.removed'", ("a", Ada)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Remove_DeletingTheirData_ErasesThemAsTheirOwnDeleteDoes(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy");
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);
        await app.SubmitAsync(page, [new("cadence", "quarterly")], "#cadence-form", client);

        var (response, _) = await app.SubmitAsync(page, [new("remove", "erase")], "#remove-form", client);

        Assert.Equal($"/organise/participants/{grace.Id}?done=erased", response.Headers.Location!.OriginalString);
        var erased = (await Store(app).FindAsync(grace.Id))!;
        Assert.Equal(ParticipantStatus.Erased, erased.Status);
        Assert.Null(erased.Email);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'participant.erased' AND subject = @s", ("a", Ada), ("s", $"participant {grace.Id}")));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM audit_log WHERE subject LIKE '%grace%' OR detail LIKE '%grace%'"));
        var (_, shown) = await app.GetAsync(response.Headers.Location.OriginalString, client);
        Assert.Equal("Data deleted", shown.GetElementById("status")!.TextContent.Trim());
        Assert.Empty(shown.QuerySelectorAll("main form"));
    }

    [Fact]
    public async Task Remove_NothingChosen_ShowsTheErrorSummary()
    {
        await using var app = await WebApp.StartAsync();
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy");
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", client);

        var (response, refused) = await app.SubmitAsync(page, [], "#remove-form", client);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("#remove", refused.QuerySelector(".govuk-error-summary a")!.GetAttribute("href"));
        Assert.Equal(ParticipantStatus.Active, (await Store(app).FindAsync(grace.Id))!.Status);
    }

    [Theory]
    [InlineData("Pause")]
    [InlineData("Resume")]
    [InlineData("Cadence")]
    [InlineData("Remove")]
    public async Task Post_WithoutASessionAsAViewerOrWithoutTheAntiforgeryToken_IsRefusedAndChangesNothing(string handler)
    {
        await using var app = await WebApp.StartAsync();
        var grace = await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@navy.example", "US Navy", ParticipantStatus.Paused, new DateOnly(2027, 3, 1));
        using var organiser = app.OrganiserClient(Ada);
        using var viewer = app.OrganiserClient("viewer@council.example.gov.uk", OrganiserRoles.Viewer);
        var (_, page) = await app.GetAsync($"/organise/participants/{grace.Id}", organiser);
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        KeyValuePair<string, string>[] fields = [new("pause-day", "1"), new("pause-month", "2"), new("pause-year", "2027"), new("cadence", "quarterly"), new("remove", "erase")];
        var path = $"/organise/participants/{grace.Id}?handler={handler}";

        var anonymous = await app.Client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
        var asViewer = await viewer.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
        var withoutToken = await organiser.PostAsync(path, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        var unchanged = (await Store(app).FindAsync(grace.Id))!;
        Assert.Equal(ParticipantStatus.Paused, unchanged.Status);
        Assert.Equal(new DateOnly(2027, 3, 1), unchanged.PausedUntil);
        Assert.Equal(Cadence.Monthly, unchanged.Cadence);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'participant.%'"));
    }

    private static ParticipantStore Store(WebApp app) => app.Services.GetRequiredService<ParticipantStore>();
}
