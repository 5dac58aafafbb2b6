using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Feedback;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Reports.Network;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Reports;

/// <summary>/organise/reports/network through the host: the SVG read back with an XML parser, and the table beside it.</summary>
public sealed partial class NetworkPageTests
{
    private const string Viewer = "viewer@council.example.gov.uk";
    private static readonly XNamespace Svg = NetworkSvg.Namespace;

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OneRound_EveryPairIsOneEdgeWithItsGroupsResult_AndTheTableListsTheSamePairs(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var people = await AddPeopleWhoseFirstNeedsEscapingAsync(app, 7);
        var expected = await RunWithAnswersAsync(app, "2026-11");
        using var client = app.OrganiserClient(Viewer, OrganiserRoles.Viewer);

        var (response, page, svg) = await GetNetworkAsync(app, client, "/organise/reports/network?period=2026-11");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("img", svg.Root!.Attribute("role")!.Value);
        Assert.Equal("Who met whom in the November 2026 round", svg.Root.Element(Svg + "title")!.Value);
        Assert.Equal("7 people from 7 organisations; 5 pairs: 3 met, 1 couldn't meet, 1 not known.", svg.Root.Element(Svg + "desc")!.Value);
        Assert.Equal(Sorted(expected), Sorted(Edges(svg)));

        // A node per person, named (escaped, and read back whole) in its title.
        var nodes = svg.Descendants(Svg + "circle").Where(c => c.Attribute("data-person") is not null).ToDictionary(c => long.Parse(c.Attribute("data-person")!.Value), c => c.Element(Svg + "title")!.Value);
        Assert.Equal(people.Select(p => p.Id).Order(), nodes.Keys.Order());
        Assert.Equal($"{people[0].Name}, {people[0].Organisation}", nodes[people[0].Id]);

        var byName = people.ToDictionary(p => p.Name!, p => p.Id);
        var rows = TableRows(page).Select(cells => (byName[cells[0]], byName[cells[2]], cells[4])).ToList();
        Assert.Equal(
            Sorted(expected.Select(e => (e.From, e.To, Label(e.Class)))),
            Sorted(rows.Select(r => (Math.Min(r.Item1, r.Item2), Math.Max(r.Item1, r.Item2), r.Item3))));
        var adasRows = TableRows(page).Where(cells => cells[0] == people[0].Name || cells[2] == people[0].Name).ToList();
        Assert.NotEmpty(adasRows);
        Assert.All(adasRows, cells => Assert.Equal(people[0].Organisation, cells[0] == people[0].Name ? cells[1] : cells[3]));
        Assert.Equal("2026-11", ((IHtmlSelectElement)page.GetElementById("period")!).Value);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AllRounds_DrawsEveryPairOfEveryRound_WithoutAPeriodOrWithAll(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await AddPeopleWhoseFirstNeedsEscapingAsync(app, 7);
        var november = await RunWithAnswersAsync(app, "2026-11");
        var december = (await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse("2026-12"))).Round;
        var expected = november.Concat(PairsOf(december.Groups).Select(p => (p.From, p.To, "app-network__edge app-network__edge--unknown"))).ToList();
        using var client = app.OrganiserClient(Viewer, OrganiserRoles.Viewer);

        var (_, page, svg) = await GetNetworkAsync(app, client, "/organise/reports/network");
        var (_, _, all) = await GetNetworkAsync(app, client, "/organise/reports/network?period=all");

        Assert.Equal("Who met whom in all rounds", svg.Root!.Element(Svg + "title")!.Value);
        Assert.Equal(Sorted(expected), Sorted(Edges(svg)));
        Assert.Equal(svg.ToString(), all.ToString());
        var rows = TableRows(page);
        Assert.Equal(10, rows.Count);
        Assert.Equal(5, rows.Count(cells => cells[0] == "November 2026"));
        Assert.Equal(5, rows.Count(cells => cells[0] == "December 2026" && cells[5] == "Not known"));
        var options = page.QuerySelectorAll("#period option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["all", "2026-12", "2026-11"], options);
        Assert.Equal("all", ((IHtmlSelectElement)page.GetElementById("period")!).Value);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheSameData_GivesTheSameSvgByteForByte(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await AddPeopleWhoseFirstNeedsEscapingAsync(app, 9);
        await RunWithAnswersAsync(app, "2026-11");
        using var client = app.OrganiserClient(Viewer, OrganiserRoles.Viewer);

        var first = SvgMarkup(await client.GetStringAsync("/organise/reports/network?period=2026-11"));
        var second = SvgMarkup(await client.GetStringAsync("/organise/reports/network?period=2026-11"));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task NoRoundYet_SaysSoAndDrawsNothing()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Viewer, OrganiserRoles.Viewer);

        var (response, page) = await app.GetAsync("/organise/reports/network", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("No round has been planned yet.", page.GetElementById("network-summary")!.TextContent);
        Assert.Null(page.QuerySelector("svg.app-network"));
    }

    [Theory]
    [InlineData("/organise/reports/network?period=2026-10")]
    [InlineData("/organise/reports/network?period=October")]
    public async Task Get_ARoundThatDoesNotExist_Is404(string path)
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Viewer, OrganiserRoles.Viewer);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("/organise/reports/network")]
    [InlineData("/organise/reports/network?period=2026-11")]
    public async Task Get_WithoutASession_IsSentToSignIn(string path)
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    /// <summary>
    /// Plans the round and records answers so that its groups cover every result: the group of three met
    /// (one says met, one couldn't: met wins), one pair couldn't meet (the other said not yet), one pair is
    /// not known (not yet, and silence). Returns every pair with the edge class it must have.
    /// </summary>
    private static async Task<List<(long From, long To, string Class)>> RunWithAnswersAsync(WebApp app, string period)
    {
        var round = (await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse(period))).Round;
        var groups = round.Groups.Select(g => g.Order().ToList()).ToList();
        var trio = groups.Single(g => g.Count == 3);
        var pairs = groups.Where(g => g.Count == 2).ToList();
        var store = app.Services.GetRequiredService<FeedbackStore>();
        var now = app.Time.GetUtcNow().UtcDateTime;
        Assert.True(await store.RecordAnswerAsync(round.Id, trio[1], FeedbackAnswer.CouldNotMeet, CouldNotMeetReason.NoTime, null, now, default));
        Assert.True(await store.RecordAnswerAsync(round.Id, trio[2], FeedbackAnswer.Met, null, null, now, default));
        Assert.True(await store.RecordAnswerAsync(round.Id, pairs[0][0], FeedbackAnswer.NotYet, null, null, now, default));
        Assert.True(await store.RecordAnswerAsync(round.Id, pairs[0][1], FeedbackAnswer.CouldNotMeet, CouldNotMeetReason.NoReply, null, now, default));
        Assert.True(await store.RecordAnswerAsync(round.Id, pairs[1][1], FeedbackAnswer.NotYet, null, null, now, default));
        for (var i = 2; i < pairs.Count; i++)
        {
            Assert.True(await store.RecordAnswerAsync(round.Id, pairs[i][0], FeedbackAnswer.Met, null, null, now, default));
        }

        string ResultOf(List<long> group) => group == pairs[0] ? "could-not-meet" : group == pairs[1] ? "unknown" : "met";
        return groups.SelectMany(g => PairsOf([g]).Select(p => (p.From, p.To, "app-network__edge app-network__edge--" + ResultOf(g)))).ToList();
    }

    /// <summary>People from as many organisations, the first with a name and organisation that XML must escape.</summary>
    private static Task<List<Participant>> AddPeopleWhoseFirstNeedsEscapingAsync(WebApp app, int count) =>
        TestPeople.AddAsync(app, count, name: i => i == 0 ? "Ada <Lovelace> & \"Co\"" : $"Person {i}", organisation: i => i == 0 ? "R&D <Unit>" : $"Organisation {i}");

    private static IEnumerable<(long From, long To)> PairsOf(IEnumerable<IReadOnlyList<long>> groups) =>
        groups.Select(g => g.Order().ToList()).SelectMany(g => g.SelectMany((a, i) => g.Skip(i + 1).Select(b => (a, b))));
    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page, XDocument Svg)> GetNetworkAsync(WebApp app, HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {string.Join("|", app.Errors.Entries)}");
        var page = await WebApp.ParseAsync(response);
        var html = await response.Content.ReadAsStringAsync();

        // The bytes the server sent, parsed as XML: a name that broke the markup would fail here.
        return (response, page, XDocument.Parse(SvgMarkup(html)));
    }

    private static string SvgMarkup(string html) => NetworkSvgElement().Match(html) is { Success: true } match
        ? match.Value
        : throw new InvalidOperationException("The page has no network SVG.");

    private static List<(long From, long To, string Class)> Edges(XDocument svg) =>
        svg.Descendants(Svg + "line")
            .Select(l => (long.Parse(l.Attribute("data-from")!.Value), long.Parse(l.Attribute("data-to")!.Value), l.Attribute("class")!.Value))
            .ToList();

    private static List<string[]> TableRows(IHtmlDocument page) =>
        page.QuerySelectorAll("#network-pairs tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();

    private static List<T> Sorted<T>(IEnumerable<T> items) => items.Order().ToList();

    private static string Label(string edgeClass) => edgeClass.Split("--")[1] switch
    {
        "met" => "Met",
        "could-not-meet" => "Couldn't meet",
        _ => "Not known",
    };

    [GeneratedRegex("""<svg[^>]*role="img".*?</svg>""", RegexOptions.Singleline)]
    private static partial Regex NetworkSvgElement();
}
