namespace Unmentoring.Reports;

/// <summary>
/// The scheme's figures, as <c>unmentoring report</c> prints them and <c>/organise/reports</c> draws them. Each
/// figure's meaning is fixed in docs/adr/0032-reports.md; the short form is in the summaries below.
/// </summary>
internal sealed record SchemeReport(
    IReadOnlyList<RoundFigures> Rounds,
    IReadOnlyList<MonthFigures> Months,
    OrganisationFigures Organisations,
    string TimeZone);

/// <summary>
/// One round. People figures count round outcomes and "did you meet?" answers; group figures count the round's
/// groups, each with one result derived from its members' answers (met if anyone says met).
/// </summary>
internal sealed record RoundFigures(
    string Period,
    int RoundNumber,
    string Status,
    RoundOutcomeCounts Outcomes,
    FeedbackCounts Feedback,
    GroupResultCounts Groups)
{
    /// <summary>People given to the pairing engine: paired, sat out or could not be matched.</summary>
    public long Eligible => Outcomes.Paired + Outcomes.SatOut + Outcomes.Unmatched;

    /// <summary>Answered ÷ asked (people); null when nobody was asked.</summary>
    public double? ResponseRate => Rate(Feedback.Answered, Feedback.Asked);

    /// <summary>Groups that met ÷ groups heard from (at least one member answered); null when no group was heard from.</summary>
    public double? MeetingRate => Rate(Groups.Met, Groups.HeardFrom);

    /// <summary>A fraction rounded to four places, the precision the JSON and CSV give.</summary>
    public static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
}

/// <summary>People by their outcome in the round; <see cref="PausedForSilence"/> + <see cref="PausedByChoice"/> = <see cref="Paused"/>.</summary>
internal sealed record RoundOutcomeCounts(
    long Paired,
    long SatOut,
    long Unmatched,
    long PausedForSilence,
    long PausedByChoice,
    long NotDue,
    long Skipped,
    long Undeliverable)
{
    public long Paused => PausedForSilence + PausedByChoice;
}

/// <summary>
/// "Did you meet?" by person: asked (a request was recorded for them), answered (asked and gave any answer), and
/// the answers of those who were asked, "couldn't meet" split by reason.
/// </summary>
internal sealed record FeedbackCounts(
    long Asked,
    long Answered,
    long Met,
    long NotYet,
    long CouldNotMeet,
    IReadOnlyDictionary<string, long> CouldNotMeetByReason);

/// <summary>
/// The round's groups and their derived results. A group was asked about when any member was asked; its result
/// is <c>met</c> if any asked member says met, else <c>couldNotMeet</c> if any says they couldn't, else
/// <c>notYet</c> if any says not yet, else no answer. Met + CouldNotMeet + NotYet + NoAnswer = Asked.
/// </summary>
internal sealed record GroupResultCounts(long Total, long Asked, long Met, long CouldNotMeet, long NotYet, long NoAnswer)
{
    public long HeardFrom => Asked - NoAnswer;
}

/// <summary>
/// One calendar month in the scheme's time zone: sign-ups (forms sent or people imported), confirmations,
/// leavers (confirmed people who left or deleted their data) and who was signed up at its end.
/// </summary>
internal sealed record MonthFigures(string Month, long SignUps, long Confirmations, long Leavers, long SignedUpAtEnd);

/// <summary>Organisations reached: distinct organisations of the people paired, round by round and in all.</summary>
internal sealed record OrganisationFigures(long Reached, IReadOnlyList<RoundOrganisations> ByRound);

/// <summary>In one round: organisations with someone paired, those paired for the first time, and the running total.</summary>
internal sealed record RoundOrganisations(string Period, long InRound, long New, long ReachedSoFar);

/// <summary>How the report writes its numbers: one place, so the command, the CSV and the page agree.</summary>
internal static class ReportFormat
{
    /// <summary>A count, without separators (CSV, JSON and the command's tables).</summary>
    public static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A count for people to read on a page: 1,234.</summary>
    public static string Count(long value) => value.ToString("N0", Unmentoring.Rounds.UkDates.Culture);

    /// <summary>A rate as the JSON and CSV give it: a fraction with up to four decimal places, or empty.</summary>
    public static string Fraction(double? rate) => rate?.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>A rate for people to read: whole per cent, or a dash when there is nothing to divide by.</summary>
    public static string Percent(double? rate) =>
        rate is { } r ? Math.Round(r * 100, MidpointRounding.AwayFromZero).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "-";
}
