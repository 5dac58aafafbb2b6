using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>/organise/participants: the search, the status filter and the pages, on both databases.</summary>
public sealed class ParticipantsPageTests
{
    private const string Ada = "ada@council.example.gov.uk";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_MatchesTheStartOfTheNameSurnameEmailOrOrganisation_IgnoringCase(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await ParticipantPeople.AddAsync(app, "Ada King Lovelace", "ada@leeds.gov.uk", "Leeds City Council");
        await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace.hopper@navy.example", "US Navy");
        await ParticipantPeople.AddAsync(app, "Alan Turing", "alan@bletchley.example", "Bletchley Park");
        await ParticipantPeople.AddAsync(app, "Adam Smith", "a.smith@kirkcaldy.example", "Kirkcaldy");
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        Assert.Equal(["Ada King Lovelace", "Adam Smith"], await NamesAsync(app, client, "?q=ada"));
        Assert.Equal(["Ada King Lovelace"], await NamesAsync(app, client, "?q=LOVEL"));
        Assert.Equal(["Grace Hopper"], await NamesAsync(app, client, "?q=grace.h"));
        Assert.Equal(["Ada King Lovelace"], await NamesAsync(app, client, "?q=leeds+c"));
        Assert.Equal(["Alan Turing"], await NamesAsync(app, client, "?q=%20Bletch%20"));
        Assert.Equal(["Adam Smith"], await NamesAsync(app, client, "?q=a.smith%40"));

        // The start of a value only: text inside a word, and LIKE's wildcards, match nothing.
        Assert.Empty(await NamesAsync(app, client, "?q=ace"));
        Assert.Empty(await NamesAsync(app, client, "?q=King"));
        Assert.Empty(await NamesAsync(app, client, "?q=%25"));
        Assert.Empty(await NamesAsync(app, client, "?q=_"));
        Assert.Equal(4, (await NamesAsync(app, client, "?q=")).Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Status_ListsOnlyPeopleWithThatStatus_AndEveryoneButTheErasedByDefault(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await ParticipantPeople.AddAsync(app, "Active Person", "active@a.example", "A");
        await ParticipantPeople.AddAsync(app, "Pending Person", "pending@b.example", "B", ParticipantStatus.Pending);
        await ParticipantPeople.AddAsync(app, "Paused Person", "paused@c.example", "C", ParticipantStatus.Paused, new DateOnly(2027, 3, 1));
        var bounced = await ParticipantPeople.AddAsync(app, "Bounced Person", "bounced@d.example", "D");
        await ParticipantPeople.AddAsync(app, "Left Person", "left@e.example", "E", ParticipantStatus.Unsubscribed);
        var erased = await ParticipantPeople.AddAsync(app, "Erased Person", "erased@f.example", "F");
        await ParticipantPeople.MarkUndeliverableAsync(app, bounced.Id);
        await app.Services.GetRequiredService<ParticipantStore>().EraseAsync(erased.Id);
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        Assert.Equal(["Active Person"], await NamesAsync(app, client, "?status=active"));
        Assert.Equal(["Pending Person"], await NamesAsync(app, client, "?status=pending"));
        Assert.Equal(["Paused Person"], await NamesAsync(app, client, "?status=paused"));
        Assert.Equal(["Bounced Person"], await NamesAsync(app, client, "?status=undeliverable"));
        Assert.Equal(["Left Person"], await NamesAsync(app, client, "?status=left"));
        Assert.Equal([$"Participant {erased.Id}"], await NamesAsync(app, client, "?status=erased"));
        Assert.Equal(["Active Person", "Bounced Person", "Left Person", "Paused Person", "Pending Person"], await NamesAsync(app, client, ""));

        var (_, page) = await app.GetAsync("/organise/participants?status=paused", client);
        Assert.Equal("Paused until 1 March 2027", page.QuerySelector("#people tbody td:last-child")!.TextContent.Trim());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_FiftyAtATime_InNameOrder_KeepingTheSearchInEveryLink(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await ParticipantPeople.AddManyAsync(app, 120);
        await ParticipantPeople.AddAsync(app, "Someone Else", "else@else.example", "Elsewhere");
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        var (_, first) = await app.GetAsync("/organise/participants?q=person&status=active", client);
        Assert.Equal("120 people", first.GetElementById("matched")!.TextContent.Trim());
        Assert.Equal(ParticipantSearch.PageSize, first.QuerySelectorAll("#people tbody tr").Length);
        Assert.Equal("Person 000", first.QuerySelector("#people tbody td a")!.TextContent.Trim());
        var next = first.QuerySelector(".govuk-pagination a[rel='next']")!.GetAttribute("href")!;
        Assert.Equal("/organise/participants?q=person&status=active&page=2", next);
        Assert.Equal("page", first.QuerySelector(".govuk-pagination__item--current a")!.GetAttribute("aria-current"));

        var (_, last) = await app.GetAsync(first.QuerySelectorAll(".govuk-pagination__list a")[^1].GetAttribute("href")!, client);
        Assert.Equal(20, last.QuerySelectorAll("#people tbody tr").Length);
        Assert.Equal("Person 119", last.QuerySelectorAll("#people tbody td a")[^1].TextContent.Trim());
        Assert.Null(last.QuerySelector(".govuk-pagination a[rel='next']"));
        Assert.Equal("/organise/participants?q=person&status=active&page=2", last.QuerySelector(".govuk-pagination a[rel='prev']")!.GetAttribute("href"));

        // A deep link shows the search it holds in the form, and a page past the end shows the last one.
        Assert.Equal("person", ((IHtmlInputElement)last.GetElementById("q")!).Value);
        Assert.Equal("active", ((IHtmlSelectElement)last.GetElementById("status")!).Value);
        var (_, beyond) = await app.GetAsync("/organise/participants?q=person&page=99", client);
        Assert.Equal(20, beyond.QuerySelectorAll("#people tbody tr").Length);
    }

    [Fact]
    public async Task Status_NotOneOfTheList_ShowsTheErrorSummaryAndKeepsTheSearch()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var (response, page) = await app.GetAsync("/organise/participants?q=ada&status=asleep", client);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Error:", page.Title, StringComparison.Ordinal);
        var summary = page.QuerySelector(".govuk-error-summary a")!;
        Assert.Equal("#status", summary.GetAttribute("href"));
        Assert.Equal("Select a status from the list", summary.TextContent.Trim());
        Assert.Equal("ada", ((IHtmlInputElement)page.GetElementById("q")!).Value);
        Assert.Null(page.GetElementById("people"));
    }

    [Theory]
    [InlineData("/organise/participants")]
    [InlineData("/organise/participants?q=ada")]
    [InlineData("/organise/participants?handler=Export")]
    [InlineData("/organise/participants/1")]
    [InlineData("/organise/participants/import")]
    public async Task Get_WithoutASession_IsSentToSignIn(string path)
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AsAViewer_OffersTheExportButNotTheImport()
    {
        await using var app = await WebApp.StartAsync();
        using var viewer = app.OrganiserClient(Ada, OrganiserRoles.Viewer);
        using var organiser = app.OrganiserClient("org@council.example.gov.uk");

        var (_, viewed) = await app.GetAsync("/organise/participants", viewer);
        var (_, organised) = await app.GetAsync("/organise/participants", organiser);

        Assert.NotNull(viewed.GetElementById("export"));
        Assert.Null(viewed.GetElementById("import"));
        Assert.NotNull(organised.GetElementById("import"));
        Assert.NotNull(organised.QuerySelector("nav[aria-label='Organiser pages'] a[aria-current='page'][href='/organise/participants']"));
    }

    /// <summary>The names in the list for a query string, in the order shown.</summary>
    internal static async Task<List<string>> NamesAsync(WebApp app, HttpClient client, string query)
    {
        var (response, page) = await app.GetAsync("/organise/participants" + query, client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("#people tbody td:first-child").Select(c => c.TextContent.Trim()).ToList();
    }
}
