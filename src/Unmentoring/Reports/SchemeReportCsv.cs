using nietras.SeparatedValues;
using Unmentoring.Cli;

namespace Unmentoring.Reports;

/// <summary>The report's three tables; a CSV file holds one of them (docs/adr/0032-reports.md).</summary>
internal enum ReportTable
{
    Rounds,
    Months,
    Organisations,
}

/// <summary>
/// Writes one of the report's tables as CSV with Sep, one row per round or month, the columns named as the JSON
/// names the figures. Rates are fractions with four decimal places (empty when there is nothing to divide by);
/// every cell goes through <see cref="SpreadsheetFormula.Guard"/>, as the participants' export does.
/// </summary>
internal static class SchemeReportCsv
{
    /// <summary>
    /// Every table's name, in the enum's order. Spelled out rather than read from <c>Enum.GetValues</c>: the
    /// <c>report</c> verb names them in its help, so every command built this list at start-up, and the
    /// generic enum code it took was compiled afresh each time (ADR 0041). A test checks that none is missing.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = [Name(ReportTable.Rounds), Name(ReportTable.Months), Name(ReportTable.Organisations)];

    public static string Name(ReportTable table) => table switch
    {
        ReportTable.Rounds => "rounds",
        ReportTable.Months => "months",
        ReportTable.Organisations => "organisations",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    public static bool TryParse(string? name, out ReportTable table)
    {
        foreach (var candidate in Enum.GetValues<ReportTable>())
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                table = candidate;
                return true;
            }
        }

        table = default;
        return false;
    }

    public static readonly string[] RoundColumns =
    [
        "period", "roundNumber", "status", "eligible", "paired", "satOut", "unmatched", "paused", "pausedForSilence", "pausedByChoice",
        "notDue", "skipped", "undeliverable", "asked", "answered", "responseRate", "answeredMet", "answeredNotYet", "answeredCouldNotMeet",
        "couldNotMeetNoReply", "couldNotMeetNoTime", "couldNotMeetCancelled", "couldNotMeetNotRelevant", "couldNotMeetOther",
        "groups", "groupsAsked", "groupsMet", "groupsCouldNotMeet", "groupsNotYet", "groupsNoAnswer", "meetingRate",
    ];

    public static readonly string[] MonthColumns = ["month", "signUps", "confirmations", "leavers", "signedUpAtEnd"];

    public static readonly string[] OrganisationColumns = ["period", "organisationsInRound", "newOrganisations", "organisationsReached"];

    public static async Task WriteAsync(TextWriter writer, SchemeReport report, ReportTable table, CancellationToken cancellationToken)
    {
        var (columns, rows) = table switch
        {
            ReportTable.Rounds => (RoundColumns, report.Rounds.Select(RoundCells)),
            ReportTable.Months => (MonthColumns, report.Months.Select(m => new[] { m.Month, Number(m.SignUps), Number(m.Confirmations), Number(m.Leavers), Number(m.SignedUpAtEnd) })),
            ReportTable.Organisations => (OrganisationColumns, report.Organisations.ByRound.Select(o => new[] { o.Period, Number(o.InRound), Number(o.New), Number(o.ReachedSoFar) })),
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        using (var csv = Sep.New(',').Writer(o => o with { Escape = true }).To(writer, leaveOpen: true))
        {
            // Written even with no rows, so an empty report still names its columns.
            csv.Header.Add(columns);
            csv.Header.Write();
            foreach (var cells in rows)
            {
                // Asynchronously: Sep refuses a row given a token that can be cancelled and then disposed synchronously.
                await using var row = csv.NewRow(cancellationToken);
                for (var i = 0; i < columns.Length; i++)
                {
                    row[columns[i]].Set(SpreadsheetFormula.Guard(cells[i]));
                }
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string Number(long value) => ReportFormat.Number(value);

    private static string Rate(double? rate) => ReportFormat.Fraction(rate);

    private static string[] RoundCells(RoundFigures r)
    {
        var o = r.Outcomes;
        var f = r.Feedback;
        var g = r.Groups;
        return
        [
            r.Period, Number(r.RoundNumber), r.Status, Number(r.Eligible), Number(o.Paired), Number(o.SatOut), Number(o.Unmatched),
            Number(o.Paused), Number(o.PausedForSilence), Number(o.PausedByChoice), Number(o.NotDue), Number(o.Skipped), Number(o.Undeliverable),
            Number(f.Asked), Number(f.Answered), Rate(r.ResponseRate), Number(f.Met), Number(f.NotYet), Number(f.CouldNotMeet),
            Number(f.CouldNotMeetByReason["noReply"]), Number(f.CouldNotMeetByReason["noTime"]), Number(f.CouldNotMeetByReason["cancelled"]),
            Number(f.CouldNotMeetByReason["notRelevant"]), Number(f.CouldNotMeetByReason["other"]),
            Number(g.Total), Number(g.Asked), Number(g.Met), Number(g.CouldNotMeet), Number(g.NotYet), Number(g.NoAnswer), Rate(r.MeetingRate),
        ];
    }
}
