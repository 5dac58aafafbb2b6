using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Tests.Reports;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>/organise/reports: the hand-computed <see cref="ReportScene"/> as tables, SVG charts that say the same, and CSV.</summary>
public sealed partial class ReportsPageTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_TablesGiveTheHandComputedFigures(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await WriteSceneAsync(app);
        using var client = app.OrganiserClient(role: OrganiserRoles.Viewer);

        var (response, page) = await app.GetAsync("/organise/reports", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["September 2026 8 6 1 1 0", "October 2026 4 4 0 0 2", "November 2026 5 5 0 0 2"],
            Rows(page, "#participation-table"));
        Assert.Equal(
            ["September 2026 6 4 67% 3 1 1 33%", "October 2026 4 4 100% 2 1 1 50%", "November 2026 1 0 0% 0 0 0 -"],
            Rows(page, "#rates-table"));
        Assert.Equal(
            ["September 2026 1 1 0 0 0 0 0", "October 2026 0 0 1 0 1 1 1", "November 2026 0 0 0 0 0 1 1"],
            Rows(page, "#reasons-table"));
        Assert.Equal(
            ["August 2026 5 5 0 5", "September 2026 4 3 0 8", "October 2026 2 1 0 9", "November 2026 0 0 2 7"],
            Rows(page, "#growth-table"));
        Assert.Equal(["September 2026 4 4 4", "October 2026 4 1 5", "November 2026 5 0 5"], Rows(page, "#organisations-table"));
        Assert.Contains("5 organisations have had someone paired.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main a[href='/organise/reports/network']"));
        Assert.NotNull(page.QuerySelector("nav[aria-label='Organiser pages'] a[aria-current='page'][href='/organise/reports']"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_EachChartIsAnAccessibleSvg_DrawingItsTable(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await WriteSceneAsync(app);
        using var client = app.OrganiserClient();

        var response = await client.GetAsync("/organise/reports");
        var html = await response.Content.ReadAsStringAsync();
        var page = await WebApp.ParseAsync(response);

        // As sent, each chart is well-formed XML (not only what a forgiving HTML parser makes of it).
        var charts = ChartMarkup().Matches(html).Select(m => XElement.Parse(m.Value)).ToList();
        Assert.Equal(4, charts.Count);
        foreach (var chart in charts)
        {
            Assert.Equal("img", (string?)chart.Attribute("role"));
            var labelledBy = ((string?)chart.Attribute("aria-labelledby"))!.Split(' ');
            var title = chart.Element(Svg + "title")!;
            var description = chart.Element(Svg + "desc")!;
            Assert.Equal([(string)title.Attribute("id")!, (string)description.Attribute("id")!], labelledBy);
            Assert.False(string.IsNullOrWhiteSpace(title.Value));
            Assert.False(string.IsNullOrWhiteSpace(description.Value));
            Assert.DoesNotContain(chart.DescendantsAndSelf(), e => e.Attribute("style") is not null || e.Name.LocalName == "style" || e.Name.LocalName == "script");
        }

        var byId = charts.ToDictionary(c => ((string)c.Attribute("aria-labelledby")!).Split('-')[0]);
        AssertDraws(byId["participation"], "Eligible", page, "#participation-table", "Eligible");
        AssertDraws(byId["participation"], "Paired", page, "#participation-table", "Paired");
        AssertDraws(byId["rates"], "Response rate", page, "#rates-table", "Response rate");
        AssertDraws(byId["rates"], "Meeting rate", page, "#rates-table", "Meeting rate", skipped: ["November 2026"]);
        AssertDraws(byId["growth"], "Signed up at the end of the month", page, "#growth-table", "Signed up at the end of the month");
        AssertDraws(byId["organisations"], "Organisations reached so far", page, "#organisations-table", "Reached so far");

        // Bars stand in proportion to their figures: eligible 8 is twice eligible 4.
        var eligible = Marks(byId["participation"], "Eligible").ToDictionary(m => (string)m.Attribute("data-label")!, m => double.Parse((string)m.Attribute("height")!, CultureInfo.InvariantCulture));
        Assert.Equal(2.0, eligible["September 2026"] / eligible["October 2026"], 2);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_CsvLinks_GiveTheCommandsTables(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await WriteSceneAsync(app);
        using var client = app.OrganiserClient(role: OrganiserRoles.Viewer);
        var (_, page) = await app.GetAsync("/organise/reports", client);

        var links = page.QuerySelectorAll("main a[href*='handler=Csv']").Select(a => a.GetAttribute("href")!).Distinct().ToList();
        Assert.Equal(["/organise/reports?handler=Csv&table=rounds", "/organise/reports?handler=Csv&table=months", "/organise/reports?handler=Csv&table=organisations"], links);

        var rounds = await client.GetAsync(links[0]);
        Assert.Equal("text/csv", rounds.Content.Headers.ContentType!.MediaType);
        var lines = (await rounds.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("2026-10,2,sent,4,4,0,0,2,1,1,1,1,0,4,4,1,2,0,2,0,0,1,0,1,2,2,1,1,0,0,0.5", lines[2]);
        var months = await (await client.GetAsync(links[1])).Content.ReadAsStringAsync();
        Assert.Equal(["month,signUps,confirmations,leavers,signedUpAtEnd", .. ReportScene.Months.Select(m => m.Replace(' ', ','))], months.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/organise/reports?handler=Csv&table=people")).StatusCode);
    }

    [Fact]
    public async Task Reports_NoRounds_SaysSoWithoutCharts()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient();

        var (response, page) = await app.GetAsync("/organise/reports", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No rounds yet.", page.QuerySelector("#no-rounds")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("svg[role='img']"));
        Assert.Contains("Nobody has signed up yet.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_HundredsOfRounds_ABarEach_LabelsThinnedOut()
    {
        await using var app = await WebApp.StartAsync();
        await ReportScene.WriteManyRoundsAsync(app.Database.Database, app.Services.GetRequiredService<ParticipantStore>(), app.Services.GetRequiredService<RulesStore>(), 300);
        using var client = app.OrganiserClient();

        var (response, page) = await app.GetAsync("/organise/reports", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var participation = page.QuerySelector("svg[aria-labelledby^='participation']")!;
        Assert.Equal(300, participation.QuerySelectorAll("g[data-series='Paired'] rect").Length);
        Assert.InRange(participation.QuerySelectorAll("g.app-chart__categories text").Length, 2, 8);
        Assert.Equal(300, page.QuerySelectorAll("#participation-table tbody tr").Length);
    }

    [Theory]
    [InlineData("/organise/reports")]
    [InlineData("/organise/reports?handler=Csv&table=rounds")]
    public async Task Reports_WithoutASession_IsSentToSignIn(string path)
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static Task WriteSceneAsync(WebApp app) =>
        ReportScene.WriteAsync(app.Database.Database, app.Services.GetRequiredService<ParticipantStore>(), app.Services.GetRequiredService<RulesStore>());

    /// <summary>Each row of a table as its cells' text joined by spaces.</summary>
    private static List<string> Rows(IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"{table} tbody tr").Select(r => string.Join(' ', r.Children.Select(c => c.TextContent.Trim()))).ToList();

    private static IEnumerable<XElement> Marks(XElement chart, string series) =>
        chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-series") == series).Elements().Where(e => e.Attribute("data-value") is not null);

    /// <summary>Every mark of the series is the cell of the table's row and column it names, and every row has one (or is <paramref name="skipped"/>).</summary>
    private static void AssertDraws(XElement chart, string series, IHtmlDocument page, string table, string column, string[]? skipped = null)
    {
        var headers = page.QuerySelectorAll($"{table} thead th").Select(h => h.TextContent.Trim()).ToList();
        var index = headers.IndexOf(column);
        Assert.True(index > 0, $"{table} has no column {column}.");
        var cells = page.QuerySelectorAll($"{table} tbody tr").ToDictionary(r => r.Children[0].TextContent.Trim(), r => r.Children[index].TextContent.Trim());
        var drawn = Marks(chart, series).ToDictionary(m => (string)m.Attribute("data-label")!, m => (string)m.Attribute("data-value")!);
        var skip = skipped ?? Array.Empty<string>();
        Assert.Equal(cells.Where(c => !skip.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal), drawn.OrderBy(c => c.Key, StringComparer.Ordinal));
    }

    [GeneratedRegex("<svg[^>]*role=\"img\"[\\s\\S]*?</svg>")]
    private static partial Regex ChartMarkup();
}
