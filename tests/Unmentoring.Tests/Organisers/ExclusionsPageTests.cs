using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>/organise/exclusions through the host: listed for everyone, added and removed by organisers, audited.</summary>
public sealed class ExclusionsPageTests
{
    private const string Ada = "ada@council.example.gov.uk";
    private const string Viewer = "viewer@council.example.gov.uk";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnOrganiser_AddsAndRemovesAnExclusion_ListedAndAudited(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var people = await TestPeople.AddAsync(app, 2);
        using var client = app.OrganiserClient(Ada);

        var (_, page) = await app.GetAsync("/organise/exclusions", client);
        var (added, _) = await app.SubmitAsync(page, [new("first", "PERSON0@org0.example"), new("second", "person1@org1.example"), new("reason", "Line manager")], "#add-exclusion", client);
        var (_, listed) = await app.GetAsync(added.Headers.Location!.OriginalString, client);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var row = listed.QuerySelector("#exclusions tbody tr")!.TextContent;
        Assert.Contains("Person 0 <person0@org0.example>", row, StringComparison.Ordinal);
        Assert.Contains("Person 1 <person1@org1.example>", row, StringComparison.Ordinal);
        Assert.Contains("Line manager", row, StringComparison.Ordinal);
        Assert.Contains("by " + Ada, row, StringComparison.Ordinal);
        Assert.Contains("will never be paired", listed.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(new List<(long, long)> { (people[0].Id, people[1].Id) }, await app.Services.GetRequiredService<RoundHistory>().ExclusionsAsync());
        var (_, activity) = await app.GetAsync("/organise/activity", client);
        Assert.Contains("exclusion.added", activity.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);

        var (removed, _) = await app.SubmitAsync(listed, [], "#exclusions form", client);

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty(await app.Services.GetRequiredService<RoundHistory>().ExclusionsAsync());
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'exclusion.added' AND subject = 'person0@org0.example and person1@org1.example' AND detail = 'Line manager'", ("a", Ada)));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'exclusion.removed'", ("a", Ada)));
        var (_, empty) = await app.GetAsync("/organise/exclusions", client);
        Assert.NotNull(empty.GetElementById("no-exclusions"));
    }

    [Theory]
    [InlineData("", "person1@org1.example", "first", "Enter the first person's email address")]
    [InlineData("person0@org0.example", "not-an-address", "second", "Enter the other person's email address in the correct format, like name@example.com")]
    [InlineData("nobody@example.org", "person1@org1.example", "first", "There is no participant with the email address nobody@example.org")]
    [InlineData("person0@org0.example", "nobody@example.org", "second", "There is no participant with the email address nobody@example.org")]
    [InlineData("person0@org0.example", "Person0@Org0.example", "second", "Enter two different people: both addresses are the same person's")]
    public async Task Add_BadInput_ShowsTheErrorSummaryKeepsTheInputAndAddsNothing(string first, string second, string field, string message)
    {
        await using var app = await WebApp.StartAsync();
        await TestPeople.AddAsync(app, 2);
        using var client = app.OrganiserClient(Ada);

        var (_, page) = await app.GetAsync("/organise/exclusions", client);
        var (response, answer) = await app.SubmitAsync(page, [new("first", first), new("second", second), new("reason", "Kept as typed")], "#add-exclusion", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = answer.QuerySelector(".govuk-error-summary")!;
        Assert.Equal(message, summary.QuerySelector("a")!.TextContent.Trim());
        Assert.Equal("#" + field, summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains(message, answer.GetElementById(field + "-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(first, ((IHtmlInputElement)answer.GetElementById("first")!).Value);
        Assert.Equal(second, ((IHtmlInputElement)answer.GetElementById("second")!).Value);
        Assert.Equal("Kept as typed", ((IHtmlInputElement)answer.GetElementById("reason")!).Value);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM exclusions"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'exclusion.%'"));
    }

    [Fact]
    public async Task AViewer_SeesTheListButCannotAddOrRemove()
    {
        await using var app = await WebApp.StartAsync();
        var people = await TestPeople.AddAsync(app, 2);
        await app.Services.GetRequiredService<ExclusionList>().AddAsync(people[0], people[1], "Line manager", "test");
        using var organiser = app.OrganiserClient(Ada);
        using var viewer = app.OrganiserClient(Viewer, OrganiserRoles.Viewer);

        var (_, page) = await app.GetAsync("/organise/exclusions", viewer);
        var (_, organiserPage) = await app.GetAsync("/organise/exclusions", organiser);
        var token = organiserPage.QuerySelector("#add-exclusion input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var add = await viewer.PostAsync("/organise/exclusions?handler=Add", new FormUrlEncodedContent([new("first", "person0@org0.example"), new("second", "person1@org1.example"), new("__RequestVerificationToken", token)]));
        var remove = await viewer.PostAsync("/organise/exclusions?handler=Remove", new FormUrlEncodedContent([new("firstId", people[0].Id.ToString()), new("secondId", people[1].Id.ToString()), new("__RequestVerificationToken", token)]));

        Assert.Null(page.GetElementById("add-exclusion"));
        Assert.Null(page.QuerySelector("#exclusions form"));
        Assert.Contains("Line manager", page.GetElementById("exclusions")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM exclusions"));
    }

    [Fact]
    public async Task WithoutASession_GetSendsToSignIn_PostIs401_AndWithoutTheAntiforgeryTokenIs400()
    {
        await using var app = await WebApp.StartAsync();
        await TestPeople.AddAsync(app, 2);
        using var client = app.OrganiserClient(Ada);
        var form = new FormUrlEncodedContent([new("first", "person0@org0.example"), new("second", "person1@org1.example")]);

        var get = await app.Client.GetAsync("/organise/exclusions");
        var post = await app.Client.PostAsync("/organise/exclusions?handler=Add", form);
        var forged = await client.PostAsync("/organise/exclusions?handler=Add", form);

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, get.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM exclusions"));
    }

    [Fact]
    public async Task Navigation_HasAnExclusionsLink_MarkedCurrentOnThePage()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var (_, page) = await app.GetAsync("/organise/exclusions", client);

        var link = page.QuerySelector("nav[aria-label='Organiser pages'] a[href='/organise/exclusions']")!;
        Assert.Equal("page", link.GetAttribute("aria-current"));
    }
}
