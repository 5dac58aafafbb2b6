using System.Xml.Linq;
using Unmentoring.Reports.Network;
using Unmentoring.Rounds;

namespace Unmentoring.Tests.Reports;

/// <summary>The network's layout and SVG on their own: results, determinism, escaping, and the drawing by organisation for large networks.</summary>
public sealed class NetworkDrawingTests
{
    private static readonly XNamespace Svg = NetworkSvg.Namespace;
    private static readonly Period November = new(2026, 11);

    [Theory]
    [InlineData("met,couldNotMeet,", "Met")]
    [InlineData("couldNotMeet,met", "Met")]
    [InlineData("couldNotMeet,notYet", "CouldNotMeet")]
    [InlineData("couldNotMeet,", "CouldNotMeet")]
    [InlineData("notYet,", "Unknown")]
    [InlineData(",,", "Unknown")]
    public void OfGroup_MetIfAnyoneMet_CouldNotIfSomeoneCouldNotAndNobodyMet(string answers, string expected) =>
        Assert.Equal(expected, MeetingResults.OfGroup(answers.Split(',').Select(a => a.Length == 0 ? null : a)).ToString());

    [Fact]
    public void SameNetwork_SameSvgByteForByte_WhateverOrderThePeopleCameIn()
    {
        var network = Scheme(500, 40);
        var shuffled = network with { People = network.People.OrderBy(p => (p.Id * 7919) % 503).ToList() };

        var first = NetworkSvg.Write(NetworkLayout.Draw(network, "Who met whom"));
        var again = NetworkSvg.Write(NetworkLayout.Draw(Scheme(500, 40), "Who met whom"));
        var reordered = NetworkSvg.Write(NetworkLayout.Draw(shuffled, "Who met whom"));

        Assert.Equal(first, again);
        Assert.Equal(first, reordered);
    }

    [Fact]
    public void Names_AreEscaped_AndReadBackWhole()
    {
        const string name = "<script>alert(\"x\")</script> & O'Brien";
        const string organisation = "R&D <Ltd> \u0001";
        var network = new MeetingNetwork(
            [new NetworkPerson(1, name, organisation), new NetworkPerson(2, "Bo", "Leeds")],
            [new NetworkPair(November, 1, 1, 2, MeetingResult.Met)]);

        var markup = NetworkSvg.Write(NetworkLayout.Draw(network, "Who met whom & why <today>"));
        var svg = XDocument.Parse(markup);

        Assert.DoesNotContain("<script>", markup, StringComparison.Ordinal);
        Assert.Equal("Who met whom & why <today>", svg.Root!.Element(Svg + "title")!.Value);
        var title = svg.Descendants(Svg + "circle").Single(c => c.Attribute("data-person")?.Value == "1").Element(Svg + "title")!.Value;
        Assert.Equal($"{name}, R&D <Ltd> \uFFFD", title);
    }

    [Fact]
    public void EachPairIsOneLine_WithItsResultsClassAndDashes()
    {
        var network = Scheme(30, 5);

        var svg = XDocument.Parse(NetworkSvg.Write(NetworkLayout.Draw(network, "Who met whom")));

        var lines = svg.Descendants(Svg + "line").ToList();
        Assert.Equal(network.Pairs.Count, lines.Count);
        foreach (var pair in network.Pairs)
        {
            var line = Assert.Single(lines, l => l.Attribute("data-from")!.Value == pair.A.ToString() && l.Attribute("data-to")!.Value == pair.B.ToString());
            Assert.Equal("app-network__edge app-network__edge--" + pair.Result.ClassCode(), line.Attribute("class")!.Value);
            Assert.Equal(NetworkSvg.Style(pair.Result).Dashes, line.Parent!.Attribute("stroke-dasharray")?.Value);
        }

        Assert.Equal(3, MeetingResults.All.Select(r => NetworkSvg.Style(r).Dashes).Distinct().Count());
    }

    [Fact]
    public void EachOrganisation_HasADiscBehindItsPeople_NamedWhenHovered()
    {
        var drawing = NetworkLayout.Draw(Scheme(60, 12), "Who met whom");

        Assert.Equal(12, drawing.Clusters.Count);
        Assert.Equal(drawing.Organisations.Select(o => $"{o.Name}: {o.People} people"), drawing.Clusters.Select(c => c.Title));
    }

    [Fact]
    public void BeyondThePalette_OrganisationsShareGrey_LargestColouredFirst()
    {
        var network = Scheme(60, 12);

        var drawing = NetworkLayout.Draw(network, "Who met whom");

        Assert.Equal(12, drawing.Organisations.Count);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (int?)i), drawing.Organisations.Take(9).Select(o => o.Colour));
        Assert.All(drawing.Organisations.Skip(9), o => Assert.Null(o.Colour));
        Assert.True(drawing.Organisations.Zip(drawing.Organisations.Skip(1)).All(p => p.First.People >= p.Second.People));
        Assert.Equal(3, drawing.Others.Count());
    }

    [Fact]
    public void ManyPeople_AreDrawnAsTheLargestOrganisationsAndTheRestTogether_WithCountedLines()
    {
        var network = Scheme(NetworkLayout.PeopleDrawnAtMost + 200, 60);

        var drawing = NetworkLayout.Draw(network, "Who met whom");
        var svg = XDocument.Parse(NetworkSvg.Write(drawing));

        Assert.Equal(NetworkScale.Organisations, drawing.Scale);
        var nodes = svg.Descendants(Svg + "circle").ToList();
        Assert.Equal(NetworkLayout.OrganisationsDrawnAtMost, nodes.Count);
        Assert.StartsWith("31 other organisations together: ", nodes[^1].Element(Svg + "title")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(svg.Descendants(Svg + "circle"), c => c.Attribute("data-person") is not null);
        var counted = svg.Descendants(Svg + "line").Sum(l => int.Parse(l.Element(Svg + "title")!.Value.Split(": ")[1].Split(' ')[0].Replace(",", "", StringComparison.Ordinal)));
        Assert.Equal(network.Pairs.Count, counted);
    }

    /// <summary>
    /// A made-up round: <paramref name="people"/> people over <paramref name="organisations"/> organisations,
    /// the first ones largest; each of the first half paired with someone of the second half (so never within
    /// an organisation), the results in turn. Deterministic.
    /// </summary>
    internal static MeetingNetwork Scheme(int people, int organisations)
    {
        var persons = Enumerable.Range(1, people)
            .Select(i => new NetworkPerson(i, $"Person {i}", $"Organisation {(int)(organisations * Math.Pow((i - 1) / (double)people, 2))}"))
            .ToList();
        var half = people / 2;
        var pairs = Enumerable.Range(1, half)
            .Select(j => new NetworkPair(November, j, j, j + half, MeetingResults.All[j % 3]))
            .ToList();
        return new MeetingNetwork(persons, pairs);
    }
}
