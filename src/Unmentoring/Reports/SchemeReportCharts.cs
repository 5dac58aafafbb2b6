using Unmentoring.Rounds;
using static Unmentoring.Reports.ReportChartLayout;

namespace Unmentoring.Reports;

/// <summary>
/// The four charts of <c>/organise/reports</c>, each drawn from the figures the table under it lists: participation
/// and the two rates per round, people signed up month by month, and organisations reached.
/// </summary>
internal static class SchemeReportCharts
{
    public static ReportChart Participation(SchemeReport report)
    {
        var rounds = report.Rounds;
        var description = rounds.Count == 0
            ? "No rounds yet."
            : $"{Extent(rounds.Count, "round", Month(rounds[0].Period), Month(rounds[^1].Period))} Each round's outlined bar is the people eligible, its filled bar the people paired. "
              + $"In the latest round, {Month(rounds[^1].Period)}, {rounds[^1].Outcomes.Paired} of {rounds[^1].Eligible} eligible people were paired.";
        return Draw(
            "participation",
            "People eligible and paired, per round",
            description,
            RoundCategories(report),
            [
                new("Eligible", "app-chart__series--eligible", SeriesLook.OutlinedBars, rounds.Select(r => (double?)r.Eligible).ToList(), Count),
                new("Paired", "app-chart__series--paired", SeriesLook.FilledBars, rounds.Select(r => (double?)r.Outcomes.Paired).ToList(), Count),
            ],
            percent: false);
    }

    public static ReportChart Rates(SchemeReport report)
    {
        var rounds = report.Rounds;
        var latest = rounds.LastOrDefault(r => r.Feedback.Asked > 0);
        var description = latest is null
            ? "Nobody has been asked \"did you meet?\" yet, so there are no rates to draw."
            : $"{Extent(rounds.Count, "round", Month(rounds[0].Period), Month(rounds[^1].Period))} The solid line is the response rate (people who answered, of those asked), "
              + $"the dashed line the meeting rate (groups that met, of those heard from). The latest round asked, {Month(latest.Period)}: "
              + $"response rate {ReportFormat.Percent(latest.ResponseRate)}, meeting rate {ReportFormat.Percent(latest.MeetingRate)}.";
        return Draw(
            "rates",
            "Response rate and meeting rate, per round",
            description,
            RoundCategories(report),
            [
                new("Response rate", "app-chart__series--response", SeriesLook.SolidLine, rounds.Select(r => r.ResponseRate).ToList(), ReportFormat.Percent),
                new("Meeting rate", "app-chart__series--meeting", SeriesLook.DashedLine, rounds.Select(r => r.MeetingRate).ToList(), ReportFormat.Percent),
            ],
            percent: true);
    }

    public static ReportChart Growth(SchemeReport report)
    {
        var months = report.Months;
        var description = months.Count == 0
            ? "Nobody has signed up yet."
            : $"{Extent(months.Count, "month", Month(months[0].Month), Month(months[^1].Month))} Each bar is the people signed up (confirmed and not left) at the end of the month; "
              + $"at the end of {Month(months[^1].Month)}, {months[^1].SignedUpAtEnd}.";
        return Draw(
            "growth",
            "People signed up at the end of each month",
            description,
            months.Select(m => CategoryOf(m.Month)).ToList(),
            [new("Signed up at the end of the month", "app-chart__series--signed-up", SeriesLook.FilledBars, months.Select(m => (double?)m.SignedUpAtEnd).ToList(), Count)],
            percent: false);
    }

    public static ReportChart Organisations(SchemeReport report)
    {
        var rounds = report.Organisations.ByRound;
        var description = rounds.Count == 0
            ? "No rounds yet."
            : $"{Extent(rounds.Count, "round", Month(rounds[0].Period), Month(rounds[^1].Period))} Each bar is the organisations that have had someone paired by that round; "
              + $"{report.Organisations.Reached} in all.";
        return Draw(
            "organisations",
            "Organisations reached so far, by round",
            description,
            RoundCategories(report),
            [new("Organisations reached so far", "app-chart__series--organisations", SeriesLook.FilledBars, rounds.Select(o => (double?)o.ReachedSoFar).ToList(), Count)],
            percent: false);
    }

    /// <summary>"September 2026" for a period, as the tables' rows name rounds and months.</summary>
    public static string Month(string period) => UkDates.Month(period);

    private static List<Category> RoundCategories(SchemeReport report) => report.Rounds.Select(r => CategoryOf(r.Period)).ToList();

    private static Category CategoryOf(string period) =>
        new(Month(period), Period.TryParse(period, out var p) ? p.FirstDay.ToString("MMM yyyy", UkDates.Culture) : period);

    private static string Count(double? value) => ReportFormat.Count((long)(value ?? 0));

    private static string Extent(int count, string what, string first, string last) =>
        count == 1 ? $"One {what}, {first}." : $"{count} {what}s, from {first} to {last}.";
}
