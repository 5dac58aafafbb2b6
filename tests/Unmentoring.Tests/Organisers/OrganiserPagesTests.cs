using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>The start page, the activity page and the organisers' list on the web, and the session following the list.</summary>
public sealed class OrganiserPagesTests
{
    private const string Ada = "ada@council.example.gov.uk";
    private const string Bob = "bob@council.example.gov.uk";

    [Fact]
    public async Task StartPage_ShowsTheNextRoundParticipantsAndEmailHealth()
    {
        await using var app = await WebApp.StartAsync();
        await app.SignUpAsync(WebApp.ValidSignUp());
        using var client = app.OrganiserClient(Ada);

        var (response, page) = await app.GetAsync("/organise", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var main = page.QuerySelector("main")!;
        Assert.Contains("December 2026", main.TextContent, StringComparison.Ordinal);
        var awaiting = main.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("Awaiting confirmation", StringComparison.Ordinal));
        Assert.Equal("1", awaiting.QuerySelector("td")!.TextContent.Trim());
        Assert.Contains("No round has run yet", main.TextContent, StringComparison.Ordinal);
        Assert.Contains("Waiting to be sent", main.TextContent, StringComparison.Ordinal);
        Assert.NotNull(main.QuerySelector("a[href='/organise/outbox']"));
        Assert.NotNull(page.QuerySelector("nav[aria-label='Organiser pages'] a[aria-current='page'][href='/organise']"));
    }

    [Fact]
    public async Task StartPage_EachCountLinksToItsList_WhichHoldsThatManyPeople()
    {
        await using var app = await WebApp.StartAsync();
        await app.SignUpAsync(WebApp.ValidSignUp());
        var people = await TestPeople.AddAsync(app, 3);
        await app.Services.GetRequiredService<ParticipantStore>().ChangeStatusAsync(people[2].Id, ParticipantStatus.Paused, new DateOnly(2027, 6, 1));
        await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse("2026-11"));
        using var client = app.OrganiserClient(Ada);

        var (_, page) = await app.GetAsync("/organise", client);
        var main = page.QuerySelector("main")!;

        var rows = main.QuerySelectorAll("table tbody tr").ToList();
        Assert.Equal(
            ["/organise/participants?status=active", "/organise/participants?status=pending", "/organise/participants?status=paused", "/organise/participants?status=undeliverable", "/organise/participants?status=left"],
            rows.Select(r => r.QuerySelector("th a")!.GetAttribute("href")));
        Assert.Equal(["2", "1", "1", "0", "0"], rows.Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        foreach (var row in rows)
        {
            var link = row.QuerySelector("th a")!;
            var (listed, list) = await app.GetAsync(link.GetAttribute("href")!, client);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            var count = row.QuerySelector("td")!.TextContent.Trim();
            Assert.Equal(count == "1" ? "1 person" : count + " people", list.GetElementById("matched")!.TextContent.Trim());
            Assert.Equal(link.TextContent.Trim(), list.QuerySelector("#status option[selected]")!.TextContent.Trim());
        }

        Assert.NotNull(main.QuerySelector("a[href='/organise/rounds/2026-11']"));
        var outcomes = main.QuerySelectorAll("ul.govuk-list li a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/organise/rounds/2026-11?outcome=paired", "/organise/rounds/2026-11?outcome=paused"], outcomes);
        foreach (var href in outcomes)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync(href!, client)).Response.StatusCode);
        }

        var lists = main.QuerySelectorAll("dl.govuk-summary-list");
        var email = lists[^1].QuerySelectorAll("dt a").ToList();
        Assert.Equal(["Waiting to be sent", "Held for approval", "Failed", "Not known whether delivered"], email.Select(a => a.TextContent.Trim()));
        Assert.All(email, a => Assert.Equal("/organise/outbox", a.GetAttribute("href")));
    }

    [Fact]
    public async Task Activity_ListsWhoDidWhat_NewestFirst_APageAtATime()
    {
        await using var app = await WebApp.StartAsync();
        var audit = app.Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < OrganiserActivity.PageSize + 3; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await audit.RecordAsync("someone@example.org", "rules.changed", $"version {i}", "");
        }

        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);
        var (_, first) = await app.GetAsync("/organise/activity", client);
        var (_, second) = await app.GetAsync(first.QuerySelector("a[rel='next']")!.GetAttribute("href")!, client);

        var firstRows = first.QuerySelectorAll("tbody tr");
        Assert.Equal(OrganiserActivity.PageSize, firstRows.Length);
        Assert.Contains("organiser.added", firstRows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains($"version {OrganiserActivity.PageSize + 2}", firstRows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(4, second.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("version 0", second.QuerySelectorAll("tbody tr")[^1].TextContent, StringComparison.Ordinal);
        Assert.Null(second.QuerySelector("a[rel='next']"));
        Assert.NotNull(second.QuerySelector("a[rel='prev']"));
    }

    [Fact]
    public async Task Organisers_AnOrganiserAddsAndRemovesSomeone_Audited()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var (_, page) = await app.GetAsync("/organise/organisers", client);
        var (added, _) = await app.SubmitAsync(page, [new("email", Bob), new("name", "Bob"), new("role", OrganiserRoles.Viewer)], "#add-organiser", client);
        var (_, listed) = await app.GetAsync(added.Headers.Location!.OriginalString, client);
        Assert.Contains(Bob, listed.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(OrganiserRoles.Viewer, (await app.Services.GetRequiredService<OrganiserList>().FindAsync(Bob))!.Role);

        var removeForm = listed.QuerySelectorAll("form").Single(f => f.QuerySelector($"input[value='{Bob}']") is not null);
        var token = removeForm.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var removed = await client.PostAsync(removeForm.GetAttribute("action"), new FormUrlEncodedContent([new("remove", Bob), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<OrganiserList>().FindAsync(Bob));
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'organiser.removed' AND actor = @a AND subject = @b", ("a", Ada), ("b", Bob)));
    }

    [Theory]
    [InlineData("", OrganiserRoles.Viewer, "Enter your email address")]
    [InlineData("bob@council.example.gov.uk", "", "Select whether they are an organiser or a viewer")]
    public async Task Organisers_BadInput_ShowsTheErrorSummaryAndAddsNobody(string email, string role, string message)
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var (_, page) = await app.GetAsync("/organise/organisers", client);
        var (_, answer) = await app.SubmitAsync(page, [new("email", email), new("role", role)], "#add-organiser", client);

        Assert.Contains(message, answer.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM organisers"));
    }

    [Fact]
    public async Task Organisers_AViewer_SeesTheListButCannotAdd()
    {
        await using var app = await WebApp.StartAsync();
        using var organiser = app.OrganiserClient(Ada);
        using var viewer = app.OrganiserClient(Bob, OrganiserRoles.Viewer);

        var (_, page) = await app.GetAsync("/organise/organisers", viewer);
        var (_, organiserPage) = await app.GetAsync("/organise/organisers", organiser);
        var token = organiserPage.QuerySelector("#add-organiser input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var post = await viewer.PostAsync("/organise/organisers?handler=Add", new FormUrlEncodedContent([new("email", "eve@example.org"), new("role", "organiser"), new("__RequestVerificationToken", token)]));

        Assert.Null(page.QuerySelector("#add-organiser"));
        Assert.Contains(Ada, page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<OrganiserList>().FindAsync("eve@example.org"));
    }

    [Fact]
    public async Task Organisers_WithoutTheAntiforgeryToken_Is400()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var post = await client.PostAsync("/organise/organisers?handler=Add", new FormUrlEncodedContent([new("email", Bob), new("role", "organiser")]));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<OrganiserList>().FindAsync(Bob));
    }

    [Theory]
    [InlineData("/organise/activity")]
    [InlineData("/organise/organisers")]
    public async Task Pages_WithoutASession_SendToSignIn(string path)
    {
        await using var app = await WebApp.StartAsync();

        var get = await app.Client.GetAsync(path);
        var post = await app.Client.PostAsync(path, new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, get.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task Session_OfSomeoneRemovedFromTheList_Ends()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Bob);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/organise")).StatusCode);

        await app.Services.GetRequiredService<OrganiserList>().RemoveAsync(Bob, "test");

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/organise")).StatusCode);
    }

    [Fact]
    public async Task Session_RoleChangedOnTheList_TakesEffectAtOnce()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Bob, OrganiserRoles.Organiser);

        await app.Services.GetRequiredService<OrganiserList>().AddOrUpdateAsync(Bob, null, OrganiserRoles.Viewer, "test");
        var (_, page) = await app.GetAsync("/organise/organisers", client);
        var post = await client.PostAsync("/organise/organisers?handler=Add", new FormUrlEncodedContent([new("email", "eve@example.org"), new("role", "organiser")]));

        Assert.Contains("(viewer)", (await app.GetAsync("/organise", client)).Page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#add-organiser"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }
}
