using System.Globalization;

namespace Unmentoring.Reports;

/// <summary>How a series is drawn; each looks different in shape, not only in colour, so a legend can say which is which.</summary>
internal enum SeriesLook
{
    /// <summary>Filled bars.</summary>
    FilledBars,

    /// <summary>Bars drawn as an outline only (behind filled bars of a smaller figure).</summary>
    OutlinedBars,

    /// <summary>A solid line with round markers.</summary>
    SolidLine,

    /// <summary>A dashed line with square markers.</summary>
    DashedLine,
}

/// <summary>
/// One mark: a bar (its rectangle) or a line's point (its centre, <see cref="Width"/> and <see cref="Height"/> 0).
/// <see cref="Label"/> and <see cref="Value"/> are the row and the cell of the table under the chart that hold the
/// same figure, written the same way.
/// </summary>
internal sealed record ChartMark(string Label, string Value, double X, double Y, double Width, double Height);

/// <summary>A series: its name for the legend, the CSS class that colours it, how it looks, its marks, and for a line its path.</summary>
internal sealed record ChartSeries(string Name, string CssClass, SeriesLook Look, IReadOnlyList<ChartMark> Marks, string? Path);

/// <summary>A labelled position on an axis (a tick of the value axis, or a round or month under the bars).</summary>
internal sealed record ChartTick(string Text, double Position);

/// <summary>
/// A chart laid out for drawing as SVG on the server (Web/Pages/Organise/_ReportChart.cshtml): every coordinate is
/// worked out here, in units of the SVG's view box, so the partial only writes elements and the layout can be tested.
/// </summary>
internal sealed record ReportChart(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<ChartTick> ValueTicks,
    IReadOnlyList<ChartTick> CategoryLabels,
    IReadOnlyList<ChartSeries> Series)
{
    public const double Width = 720;
    public const double Height = 300;
    public const double Left = 56;
    public const double Right = 16;
    public const double Top = 16;
    public const double Bottom = 40;

    /// <summary>At most this many labels under the chart; with more rounds or months, every n-th is labelled.</summary>
    public const int MostCategoryLabels = 8;

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public static double Baseline => Height - Bottom;

    public static string Coordinate(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// Lays out the report's charts: categories (rounds or months) evenly across, values up from zero to a round
/// maximum. Works for one category or hundreds (bars narrow, labels thin out) and for none (no marks).
/// </summary>
internal static class ReportChartLayout
{
    public sealed record Values(string Name, string CssClass, SeriesLook Look, IReadOnlyList<double?> Figures, Func<double?, string> Format);

    /// <summary>A round or month: its name as the table's row gives it, and the shorter one written under the chart.</summary>
    public sealed record Category(string Label, string ShortLabel);

    public static ReportChart Draw(string id, string title, string description, IReadOnlyList<Category> categories, IReadOnlyList<Values> series, bool percent)
    {
        var highest = series.SelectMany(s => s.Figures).Select(v => v ?? 0).DefaultIfEmpty(0).Max();
        var top = percent ? 1.0 : NiceCeiling(highest);
        var steps = percent ? 4 : TickSteps(top);
        var valueTicks = Enumerable.Range(0, steps + 1)
            .Select(i => top * i / steps)
            .Select(v => new ChartTick(percent ? ReportFormat.Percent(v) : ReportFormat.Number((long)Math.Round(v)), Y(v, top)))
            .ToList();

        var slot = categories.Count == 0 ? ReportChart.PlotWidth : ReportChart.PlotWidth / categories.Count;
        var every = Math.Max(1, (int)Math.Ceiling(categories.Count / (double)ReportChart.MostCategoryLabels));
        var labels = categories
            .Select((c, i) => (c, i))
            .Where(x => x.i % every == 0)
            .Select(x => new ChartTick(x.c.ShortLabel, Centre(x.i, slot)))
            .ToList();

        var drawn = series.Select(s => Series(s, categories, slot, top)).ToList();
        return new ReportChart(id, title, description, valueTicks, labels, drawn);
    }

    private static ChartSeries Series(Values values, IReadOnlyList<Category> categories, double slot, double top)
    {
        var marks = new List<ChartMark>();
        var lines = new List<string>();
        var drawing = false;
        for (var i = 0; i < categories.Count; i++)
        {
            var figure = values.Figures[i];
            var text = values.Format(figure);
            if (values.Look is SeriesLook.FilledBars or SeriesLook.OutlinedBars)
            {
                // Bars fill most of their slot, less for the outline behind, so the filled bar sits inside it.
                var width = slot * (values.Look == SeriesLook.OutlinedBars ? 0.8 : 0.6);
                var y = Y(figure ?? 0, top);
                marks.Add(new ChartMark(categories[i].Label, text, Centre(i, slot) - (width / 2), y, width, ReportChart.Baseline - y));
                continue;
            }

            if (figure is not { } value)
            {
                // No figure (nothing to divide by): the line breaks here rather than pretend a value.
                drawing = false;
                continue;
            }

            var x = Centre(i, slot);
            var yPoint = Y(value, top);
            lines.Add($"{(drawing ? "L" : "M")}{ReportChart.Coordinate(x)} {ReportChart.Coordinate(yPoint)}");
            drawing = true;
            marks.Add(new ChartMark(categories[i].Label, text, x, yPoint, 0, 0));
        }

        return new ChartSeries(values.Name, values.CssClass, values.Look, marks, lines.Count == 0 ? null : string.Join(' ', lines));
    }

    private static double Centre(int index, double slot) => ReportChart.Left + (slot * (index + 0.5));

    private static double Y(double value, double top) => ReportChart.Baseline - (ReportChart.PlotHeight * value / top);

    /// <summary>The smallest of 1, 2, 2.5, 5 or 10 times a power of ten at or above <paramref name="value"/> (at least 4).</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 4)
        {
            return 4;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    /// <summary>Four or five ticks, each a whole number.</summary>
    private static int TickSteps(double top) => top % 4 == 0 ? 4 : 5;
}
