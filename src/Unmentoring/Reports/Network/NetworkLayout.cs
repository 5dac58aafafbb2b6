using System.Globalization;

namespace Unmentoring.Reports.Network;

/// <summary>
/// Places a network on a plane, deterministically and in time linear in its size (docs/adr/0033-network-drawing.md).
/// Each organisation is a cluster, its people on a sunflower spiral around its centre; clusters are packed in
/// rows, largest first. Above <see cref="PeopleDrawnAtMost"/> people (or <see cref="PairsDrawnAtMost"/> pairs)
/// a drawing of people would be a blot, so each organisation becomes one node sized by its people, on a ring,
/// and each line counts the pairs between two organisations with one result; beyond <see cref="OrganisationsDrawnAtMost"/>
/// organisations the smallest are drawn together as one node. Nothing is random: the same network
/// always gives the same drawing, so no seed needs keeping.
/// </summary>
internal static class NetworkLayout
{
    public const int PeopleDrawnAtMost = 1000;
    public const int PairsDrawnAtMost = 10_000;
    public const int OrganisationsDrawnAtMost = 30;

    private const double Margin = 12;
    private const double Gap = 24;
    private const double PersonRadius = 5;

    /// <summary>Distance between neighbours on a cluster's spiral: a little more than a node's width.</summary>
    private const double Spacing = 13;

    private static readonly double GoldenAngle = Math.PI * (3 - Math.Sqrt(5));

    public static NetworkDrawing Draw(MeetingNetwork network, string title)
    {
        var organisations = Organisations(network.People);
        var scale = network.People.Count > PeopleDrawnAtMost || network.Pairs.Count > PairsDrawnAtMost ? NetworkScale.Organisations : NetworkScale.People;
        var legend = organisations.Select(o => new DrawnOrganisation(o.Name, o.Members.Count, o.Colour)).ToList();
        var summary = Summary(network, organisations.Count);
        return scale == NetworkScale.People
            ? DrawPeople(network, organisations, title, summary, legend)
            : DrawOrganisations(network, organisations, title, summary, legend);
    }

    private static NetworkDrawing DrawPeople(MeetingNetwork network, List<Organisation> organisations, string title, string summary, List<DrawnOrganisation> legend)
    {
        var radii = organisations.Select(o => (Spacing * Math.Sqrt(o.Members.Count - 1)) + PersonRadius).ToList();
        var (centres, width, height) = Pack(radii);
        var clusters = organisations
            .Select((o, i) => new DrawnCluster(centres[i].X, centres[i].Y, radii[i] + (Gap / 4), NodeTitle(o.Name, o.Members.Count, 0)))
            .ToList();
        var nodes = new List<DrawnNode>(network.People.Count);
        var places = new Dictionary<long, (double X, double Y)>(network.People.Count);
        for (var o = 0; o < organisations.Count; o++)
        {
            var organisation = organisations[o];
            for (var k = 0; k < organisation.Members.Count; k++)
            {
                var person = organisation.Members[k];
                var distance = Spacing * Math.Sqrt(k);
                var x = centres[o].X + (distance * Math.Cos(k * GoldenAngle));
                var y = centres[o].Y + (distance * Math.Sin(k * GoldenAngle));
                places[person.Id] = (x, y);
                nodes.Add(new DrawnNode(x, y, PersonRadius, organisation.Colour, $"{person.Name}, {person.Organisation}", person.Id));
            }
        }

        var edges = network.Pairs
            .Select(p => (Pair: p, From: places[p.A], To: places[p.B]))
            .Select(e => new DrawnEdge(e.From.X, e.From.Y, e.To.X, e.To.Y, e.Pair.Result, 1.5, e.Pair.A, e.Pair.B, null))
            .ToList();
        return new NetworkDrawing(NetworkScale.People, title, summary, width, height, legend, clusters, nodes, edges);
    }

    private static NetworkDrawing DrawOrganisations(MeetingNetwork network, List<Organisation> all, string title, string summary, List<DrawnOrganisation> legend)
    {
        var organisations = Drawn(all);
        var radii = organisations.Select(o => 4 + (2 * Math.Sqrt(o.Members.Count))).ToList();
        var (centres, width, height) = Ring(radii);
        var organisationOf = new Dictionary<long, int>(network.People.Count);
        for (var o = 0; o < organisations.Count; o++)
        {
            foreach (var person in organisations[o].Members)
            {
                organisationOf[person.Id] = o;
            }
        }

        // Pairs counted by the two organisations (the lower index first) and the result; pairs within one
        // organisation (when the rules allow them) have no line to draw and are counted on its node instead.
        var between = new SortedDictionary<(int A, int B, MeetingResult Result), int>();
        var within = new int[organisations.Count];
        foreach (var pair in network.Pairs)
        {
            var (a, b) = (organisationOf[pair.A], organisationOf[pair.B]);
            if (a == b)
            {
                within[a]++;
                continue;
            }

            var key = (Math.Min(a, b), Math.Max(a, b), pair.Result);
            between[key] = between.GetValueOrDefault(key) + 1;
        }

        var nodes = organisations
            .Select((o, i) => new DrawnNode(centres[i].X, centres[i].Y, radii[i], o.Colour, NodeTitle(o.Name, o.Members.Count, within[i]), null))
            .ToList();
        var edges = between.Select(e => OrganisationEdge(e.Key.A, e.Key.B, e.Key.Result, e.Value, organisations, centres)).ToList();
        return new NetworkDrawing(NetworkScale.Organisations, title, summary, width, height, legend, [], nodes, edges);
    }

    /// <summary>The organisations drawn as nodes: all of them, or the largest and one node for the rest together.</summary>
    private static List<Organisation> Drawn(List<Organisation> organisations)
    {
        if (organisations.Count <= OrganisationsDrawnAtMost)
        {
            return organisations;
        }

        var rest = organisations.Skip(OrganisationsDrawnAtMost - 1).ToList();
        var merged = new Organisation(
            string.Create(CultureInfo.InvariantCulture, $"{rest.Count:N0} other organisations together"),
            rest.SelectMany(o => o.Members).ToList(),
            null);
        return [.. organisations.Take(OrganisationsDrawnAtMost - 1), merged];
    }

    /// <summary>A line for the pairs with one result between two organisations, a little to the side of the others, as thick as the log of their number.</summary>
    private static DrawnEdge OrganisationEdge(int a, int b, MeetingResult result, int count, List<Organisation> organisations, List<(double X, double Y)> centres)
    {
        var (from, to) = (centres[a], centres[b]);
        var length = Math.Max(Math.Sqrt(Math.Pow(to.X - from.X, 2) + Math.Pow(to.Y - from.Y, 2)), 1);
        var offset = 4.0 * ((int)result - 1);
        var (dx, dy) = (-(to.Y - from.Y) / length * offset, (to.X - from.X) / length * offset);
        var what = count == 1 ? "1 pair" : string.Create(CultureInfo.InvariantCulture, $"{count:N0} pairs");
        return new DrawnEdge(
            from.X + dx, from.Y + dy, to.X + dx, to.Y + dy, result, Math.Min(1 + Math.Log2(count), 8), null, null,
            $"{organisations[a].Name} and {organisations[b].Name}: {what}, {result.Label().ToLowerInvariant()}");
    }

    private static string NodeTitle(string name, int people, int pairsWithin) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}: {people:N0} {(people == 1 ? "person" : "people")}")
        + (pairsWithin == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", {pairsWithin:N0} {(pairsWithin == 1 ? "pair" : "pairs")} within"));

    /// <summary>
    /// Shelf packing: circles left to right in rows about as wide as the whole is tall (a little wider),
    /// largest first, so each row is as tall as its first circle. Returns the centres and the size of the whole.
    /// </summary>
    private static (List<(double X, double Y)> Centres, double Width, double Height) Pack(List<double> radii)
    {
        var area = radii.Sum(r => Math.Pow((2 * r) + Gap, 2));
        var rowWidth = Math.Max(Math.Sqrt(area * 4 / 3), radii.Count == 0 ? 0 : (2 * radii.Max()) + Gap);
        var centres = new List<(double X, double Y)>(radii.Count);
        var (x, y, rowHeight, widest) = (0.0, 0.0, 0.0, 0.0);
        foreach (var radius in radii)
        {
            var size = (2 * radius) + Gap;
            if (x > 0 && x + size > rowWidth)
            {
                (x, y, rowHeight) = (0, y + rowHeight, 0);
            }

            rowHeight = Math.Max(rowHeight, size);
            centres.Add((Margin + x + (size / 2), Margin + y + (rowHeight / 2)));
            x += size;
            widest = Math.Max(widest, x);
        }

        return (centres, widest + (2 * Margin), y + rowHeight + (2 * Margin));
    }

    /// <summary>
    /// Circles around a ring, clockwise from the top in the order given, each taking an arc as long as it is
    /// wide: with few enough nodes (at most <see cref="OrganisationsDrawnAtMost"/>) every line is a chord
    /// that passes no other node.
    /// </summary>
    private static (List<(double X, double Y)> Centres, double Width, double Height) Ring(List<double> radii)
    {
        var arcs = radii.Select(r => (2 * r) + Gap).ToList();
        var circumference = arcs.Sum();
        var ring = Math.Max(circumference / (2 * Math.PI), radii.Max());
        var centre = Margin + ring + radii.Max();
        var centres = new List<(double X, double Y)>(radii.Count);
        var along = 0.0;
        foreach (var arc in arcs)
        {
            var angle = (2 * Math.PI * (along + (arc / 2)) / circumference) - (Math.PI / 2);
            centres.Add((centre + (ring * Math.Cos(angle)), centre + (ring * Math.Sin(angle))));
            along += arc;
        }

        return (centres, 2 * centre, 2 * centre);
    }

    /// <summary>
    /// The people grouped by organisation (ignoring case), largest first, then by name; each named as its
    /// first member (by id) spells it; the first <see cref="OrganisationColours.Palette"/> of them coloured.
    /// </summary>
    private static List<Organisation> Organisations(IReadOnlyList<NetworkPerson> people)
    {
        var ordered = people
            .OrderBy(p => p.Id)
            .GroupBy(p => p.Organisation.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Name: g.First().Organisation, Members: g.ToList()))
            .OrderByDescending(g => g.Members.Count)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return ordered
            .Select((g, i) => new Organisation(g.Name, g.Members, i < OrganisationColours.Palette.Count ? i : null))
            .ToList();
    }

    private static string Summary(MeetingNetwork network, int organisationCount) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{network.People.Count:N0} {(network.People.Count == 1 ? "person" : "people")} from {organisationCount:N0} {(organisationCount == 1 ? "organisation" : "organisations")}; "
            + $"{network.Pairs.Count:N0} {(network.Pairs.Count == 1 ? "pair" : "pairs")}: {network.Count(MeetingResult.Met):N0} met, "
            + $"{network.Count(MeetingResult.CouldNotMeet):N0} couldn't meet, {network.Count(MeetingResult.Unknown):N0} not known.");

    private sealed record Organisation(string Name, List<NetworkPerson> Members, int? Colour);
}
