using System.CommandLine;
using System.Text.Json;
using Unmentoring.Reports;

namespace Unmentoring.Cli;

/// <summary><c>report</c>: the scheme's figures per round, per month and by organisation, as text, JSON or CSV.</summary>
internal sealed class ReportCommand : CliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public override IReadOnlyList<string> Path => ["report"];

    public override string Summary => "The scheme's figures: each round's participation and meetings, sign-ups by month, organisations reached.";

    public override string Description => """
        Prints, from what is stored:
        Per round (people, unless it says groups):
          eligible        given to the pairing engine: paired + sat out + unmatched
          paired, sat out, unmatched, not due, skipped, undeliverable: people with that outcome
          paused          people with the outcome paused: for silence (the automatic pause) or by choice
                          (paused until a date, by themselves or an organiser)
          asked           people asked "did you meet?" about the round
          answered        people asked who gave any answer (we met, not yet, we couldn't meet)
          response rate   answered / asked
          met, couldn't meet, not yet: GROUPS by their result, which comes from their members' answers:
                          met if anyone says met, else couldn't meet if anyone says so, else not yet
          couldn't meet by reason: PEOPLE who answered "we couldn't meet", by the reason they gave
          meeting rate    groups that met / groups heard from (at least one member answered)
        Per month (in the rules' time zone): sign-ups (sign-up forms sent and people imported),
          confirmations, leavers (people who had confirmed and then left or deleted their data) and how
          many were signed up at the end of the month (confirmed and not left).
        Organisations reached: distinct organisations of the people paired (ignoring case), in each round,
          new in it, and so far.
        Text by default. --json prints everything in one document (rates as fractions with four decimals,
        null when there is nothing to divide by). --csv prints one table, chosen with --table: rounds (the
        default), months or organisations; cells a spreadsheet would run as a formula get a leading '.
        The organisers' page /organise/reports draws the same figures.
        """;

    public override string Epilogue => """
        Examples:
          unmentoring report
          unmentoring report --csv --table months > months.csv
        Exit codes: 0 printed, 1 the database could not be read, 2 bad options (e.g. --json with --csv).
        """;

    private readonly Option<bool> _json = CliValues.Json();

    private readonly Option<bool> _csv = new("--csv") { Description = "Print one table as CSV (see --table)." };

    private readonly Option<string> _table = new("--table")
    {
        HelpName = string.Join('|', SchemeReportCsv.Names),
        Description = "With --csv: which table (default: rounds).",
    };

    public override IReadOnlyList<Symbol> Parameters => [_json, _csv, _table];

    public override string UnexpectedArgument(string word) => $"report takes no arguments, but was given '{word}'.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var json = args.GetValue(_json);
        var csv = args.GetValue(_csv);
        var tableName = args.GetValue(_table);
        if (json && csv)
        {
            throw new CliUsageException("Choose --json or --csv, not both.");
        }

        var table = ReportTable.Rounds;
        if (tableName is not null && (!csv || !SchemeReportCsv.TryParse(tableName, out table)))
        {
            throw new CliUsageException(csv
                ? $"--table must be one of {string.Join(", ", SchemeReportCsv.Names)}, not '{tableName}'."
                : "--table chooses the CSV table: give it with --csv.");
        }

        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var report = await host.Get<SchemeReportReader>().ReadAsync(cancellationToken);
        if (json)
        {
            await context.Output.WriteLineAsync(SchemeReportJson.ToJson(report).ToJsonString(Indented));
        }
        else if (csv)
        {
            await SchemeReportCsv.WriteAsync(context.Output, report, table, cancellationToken);
        }
        else
        {
            await PrintAsync(context.Output, report);
        }

        return ExitCodes.Ok;
    }

    private static async Task PrintAsync(TextWriter output, SchemeReport report)
    {
        await output.WriteLineAsync("Rounds (people; Met and Couldn't are groups; rates in per cent)");
        if (report.Rounds.Count == 0)
        {
            await output.WriteLineAsync("No rounds yet.");
        }
        else
        {
            await WriteTableAsync(
                output,
                ["Round", "Eligible", "Paired", "Sat out", "Unmatched", "Paused", "Asked", "Answered", "Response", "Groups", "Met", "Couldn't", "Meeting"],
                report.Rounds.Select(r => new[]
                {
                    r.Period, N(r.Eligible), N(r.Outcomes.Paired), N(r.Outcomes.SatOut), N(r.Outcomes.Unmatched), N(r.Outcomes.Paused),
                    N(r.Feedback.Asked), N(r.Feedback.Answered), Percent(r.ResponseRate), N(r.Groups.Total), N(r.Groups.Met),
                    N(r.Groups.CouldNotMeet), Percent(r.MeetingRate),
                }));
            await output.WriteLineAsync();
            await output.WriteLineAsync("Paused, and people who couldn't meet, by reason");
            await WriteTableAsync(
                output,
                ["Round", "Silence", "By choice", "No reply", "No time", "Cancelled", "Not relevant", "Other", "Not due", "Skipped", "Undeliverable"],
                report.Rounds.Select(r => new[]
                {
                    r.Period, N(r.Outcomes.PausedForSilence), N(r.Outcomes.PausedByChoice),
                    N(r.Feedback.CouldNotMeetByReason["noReply"]), N(r.Feedback.CouldNotMeetByReason["noTime"]), N(r.Feedback.CouldNotMeetByReason["cancelled"]),
                    N(r.Feedback.CouldNotMeetByReason["notRelevant"]), N(r.Feedback.CouldNotMeetByReason["other"]),
                    N(r.Outcomes.NotDue), N(r.Outcomes.Skipped), N(r.Outcomes.Undeliverable),
                }));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Months ({report.TimeZone})");
        if (report.Months.Count == 0)
        {
            await output.WriteLineAsync("Nobody has signed up yet.");
        }
        else
        {
            await WriteTableAsync(
                output,
                ["Month", "Sign-ups", "Confirmations", "Leavers", "Signed up at end"],
                report.Months.Select(m => new[] { m.Month, N(m.SignUps), N(m.Confirmations), N(m.Leavers), N(m.SignedUpAtEnd) }));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Organisations reached: {N(report.Organisations.Reached)}");
        if (report.Organisations.ByRound.Count > 0)
        {
            await WriteTableAsync(
                output,
                ["Round", "In round", "New", "So far"],
                report.Organisations.ByRound.Select(o => new[] { o.Period, N(o.InRound), N(o.New), N(o.ReachedSoFar) }));
        }
    }

    /// <summary>Columns padded to their widest cell: the first (a period) on the left, the figures on the right.</summary>
    private static async Task WriteTableAsync(TextWriter output, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = headers.Select((_, i) => all.Max(row => row[i].Length)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            await output.WriteLineAsync(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string N(long value) => ReportFormat.Number(value);

    private static string Percent(double? rate) => ReportFormat.Percent(rate);
}
