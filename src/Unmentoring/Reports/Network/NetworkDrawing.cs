namespace Unmentoring.Reports.Network;

/// <summary>What the network's nodes stand for: a person each, or, for a large network, an organisation each.</summary>
internal enum NetworkScale
{
    People,
    Organisations,
}

/// <summary>An organisation in the legend: its name, how many people it has in the network, and its colour (null: the grey of the others).</summary>
internal sealed record DrawnOrganisation(string Name, int People, int? Colour);

/// <summary>A circle: a person (<paramref name="PersonId"/> set) or an organisation; <paramref name="Title"/> is what hovering it shows.</summary>
internal sealed record DrawnNode(double X, double Y, double Radius, int? Colour, string Title, long? PersonId);

/// <summary>An organisation's cluster in a drawing of people: a pale disc behind its people, named when hovered.</summary>
internal sealed record DrawnCluster(double X, double Y, double Radius, string Title);

/// <summary>
/// A line for one result: between two people (<paramref name="From"/> and <paramref name="To"/>, the pair's ids),
/// or between two organisations with the number of their pairs in <paramref name="Title"/>.
/// </summary>
internal sealed record DrawnEdge(double X1, double Y1, double X2, double Y2, MeetingResult Result, double Width, long? From, long? To, string? Title);

/// <summary>
/// The network placed on a plane (<see cref="NetworkLayout"/>), ready to write as SVG (<see cref="NetworkSvg"/>):
/// nodes in colour order, so that each colour is one group of the SVG, and the legend's organisations, largest first.
/// </summary>
internal sealed record NetworkDrawing(
    NetworkScale Scale,
    string Title,
    string Summary,
    double Width,
    double Height,
    IReadOnlyList<DrawnOrganisation> Organisations,
    IReadOnlyList<DrawnCluster> Clusters,
    IReadOnlyList<DrawnNode> Nodes,
    IReadOnlyList<DrawnEdge> Edges)
{
    /// <summary>The organisations drawn in the grey that the ones beyond the palette share.</summary>
    public IEnumerable<DrawnOrganisation> Others => Organisations.Where(o => o.Colour is null);
}
