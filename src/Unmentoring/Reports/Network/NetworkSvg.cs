using System.Globalization;
using System.Text;
using System.Xml;

namespace Unmentoring.Reports.Network;

/// <summary>
/// Writes a <see cref="NetworkDrawing"/> as an SVG element to put inline in a page. The Content-Security-Policy
/// forbids inline styles and scripts, so colours, widths and dash patterns are presentation attributes (the
/// SVG looks right on its own, printed or saved) and meaning is in CSS classes: each line has
/// <c>app-network__edge--met</c>, <c>--could-not-meet</c> or <c>--unknown</c>, and each result its own dash
/// pattern, so colour is never the only signal. Names go through <see cref="XmlWriter"/>, which escapes them.
/// </summary>
internal static class NetworkSvg
{
    public const string Namespace = "http://www.w3.org/2000/svg";
    public const string TitleId = "network-title";
    public const string DescriptionId = "network-description";

    private const double SmallestWidth = 480;

    /// <summary>GOV.UK's light grey: enough to see an organisation's people as one group, too pale to hide a line.</summary>
    private const string ClusterFill = "#f3f2f1";

    /// <summary>Lines under the nodes, one group per result: unknown lowest, couldn't meet on top, where an organiser looks first.</summary>
    private static readonly MeetingResult[] DrawingOrder = [MeetingResult.Unknown, MeetingResult.Met, MeetingResult.CouldNotMeet];

    /// <summary>How each result's lines are drawn; the page's legend draws its samples from the same values.</summary>
    public static EdgeStyle Style(MeetingResult result) => result switch
    {
        MeetingResult.Met => new EdgeStyle("#0b0c0c", null),
        MeetingResult.CouldNotMeet => new EdgeStyle("#d4351c", "8 4"),
        MeetingResult.Unknown => new EdgeStyle("#6f777b", "2 3"),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    public static string Write(NetworkDrawing drawing)
    {
        var text = new StringBuilder(256 + (drawing.Nodes.Count * 120) + (drawing.Edges.Count * 110));
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment };
        using (var xml = XmlWriter.Create(text, settings))
        {
            xml.WriteStartElement("svg", Namespace);
            xml.WriteAttributeString("class", "app-network");
            xml.WriteAttributeString("role", "img");
            xml.WriteAttributeString("aria-labelledby", TitleId);
            xml.WriteAttributeString("aria-describedby", DescriptionId);
            // A handful of people would be a speck at one unit a pixel: shown up to three times larger. A large
            // drawing is shrunk to the page's width by the stylesheet.
            var zoom = Math.Clamp(SmallestWidth / drawing.Width, 1, 3);
            xml.WriteAttributeString("width", Number(drawing.Width * zoom));
            xml.WriteAttributeString("height", Number(drawing.Height * zoom));
            xml.WriteAttributeString("viewBox", $"0 0 {Number(drawing.Width)} {Number(drawing.Height)}");
            Text(xml, "title", TitleId, drawing.Title);
            Text(xml, "desc", DescriptionId, drawing.Summary);
            WriteClusters(xml, drawing.Clusters);
            WriteEdges(xml, drawing.Edges);
            WriteNodes(xml, drawing);
            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>Each organisation's pale disc, under everything else.</summary>
    private static void WriteClusters(XmlWriter xml, IReadOnlyList<DrawnCluster> clusters)
    {
        if (clusters.Count == 0)
        {
            return;
        }

        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("class", "app-network__organisations");
        xml.WriteAttributeString("fill", ClusterFill);
        foreach (var cluster in clusters)
        {
            xml.WriteStartElement("circle", Namespace);
            xml.WriteAttributeString("cx", Number(cluster.X));
            xml.WriteAttributeString("cy", Number(cluster.Y));
            xml.WriteAttributeString("r", Number(cluster.Radius));
            Text(xml, "title", null, cluster.Title);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteEdges(XmlWriter xml, IReadOnlyList<DrawnEdge> edges)
    {
        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("class", "app-network__edges");
        xml.WriteAttributeString("fill", "none");
        foreach (var result in DrawingOrder)
        {
            var style = Style(result);
            xml.WriteStartElement("g", Namespace);
            xml.WriteAttributeString("stroke", style.Colour);
            if (style.Dashes is not null)
            {
                xml.WriteAttributeString("stroke-dasharray", style.Dashes);
            }

            var edgeClass = "app-network__edge app-network__edge--" + result.ClassCode();
            foreach (var edge in edges)
            {
                if (edge.Result != result)
                {
                    continue;
                }

                xml.WriteStartElement("line", Namespace);
                xml.WriteAttributeString("class", edgeClass);
                xml.WriteAttributeString("x1", Number(edge.X1));
                xml.WriteAttributeString("y1", Number(edge.Y1));
                xml.WriteAttributeString("x2", Number(edge.X2));
                xml.WriteAttributeString("y2", Number(edge.Y2));
                xml.WriteAttributeString("stroke-width", Number(edge.Width));
                if (edge.From is { } from && edge.To is { } to)
                {
                    xml.WriteAttributeString("data-from", from.ToString(CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("data-to", to.ToString(CultureInfo.InvariantCulture));
                }

                if (edge.Title is not null)
                {
                    Text(xml, "title", null, edge.Title);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>Nodes come in colour order (the layout's), so each colour is one group whose fill its circles inherit.</summary>
    private static void WriteNodes(XmlWriter xml, NetworkDrawing drawing)
    {
        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("class", "app-network__nodes");
        xml.WriteAttributeString("stroke", OrganisationColours.Outline);
        int? colour = null;
        var open = false;
        foreach (var node in drawing.Nodes)
        {
            if (!open || node.Colour != colour)
            {
                if (open)
                {
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("g", Namespace);
                xml.WriteAttributeString("fill", OrganisationColours.Of(node.Colour));
                (colour, open) = (node.Colour, true);
            }

            xml.WriteStartElement("circle", Namespace);
            xml.WriteAttributeString("class", "app-network__node");
            xml.WriteAttributeString("cx", Number(node.X));
            xml.WriteAttributeString("cy", Number(node.Y));
            xml.WriteAttributeString("r", Number(node.Radius));
            if (node.PersonId is { } id)
            {
                xml.WriteAttributeString("data-person", id.ToString(CultureInfo.InvariantCulture));
            }

            Text(xml, "title", null, node.Title);
            xml.WriteEndElement();
        }

        if (open)
        {
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string element, string? id, string text)
    {
        xml.WriteStartElement(element, Namespace);
        if (id is not null)
        {
            xml.WriteAttributeString("id", id);
        }

        xml.WriteString(XmlSafe(text));
        xml.WriteEndElement();
    }

    /// <summary>
    /// A name may hold characters XML cannot carry at all (control characters, a lone surrogate), which no
    /// escaping can write: those become U+FFFD, as a browser shows bytes it cannot read.
    /// </summary>
    public static string XmlSafe(string text)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned?.Append(text, i, 2);
                i++;
                continue;
            }

            var fine = XmlConvert.IsXmlChar(text[i]);
            if (!fine && cleaned is null)
            {
                cleaned = new StringBuilder(text.Length).Append(text, 0, i);
            }

            cleaned?.Append(fine ? text[i] : '\uFFFD');
        }

        return cleaned?.ToString() ?? text;
    }

    /// <summary>A coordinate to a tenth of a unit, in invariant digits: enough on screen, and the same bytes every time.</summary>
    private static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>A line's colour and dash pattern (null: solid).</summary>
internal sealed record EdgeStyle(string Colour, string? Dashes);
