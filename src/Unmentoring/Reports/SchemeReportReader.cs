using Unmentoring.Feedback;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Reports;

/// <summary>
/// Reads <see cref="SchemeReport"/> from the stored rounds, outcomes, groups, "did you meet?" requests and answers,
/// and participants: four grouped queries, the same SQL on SQLite and PostgreSQL, rows mapped by name. The few
/// rows they return (per round, per organisation and round, per person's three dates) are shaped here.
/// </summary>
internal sealed class SchemeReportReader(Database database, RulesStore rules)
{
    public async Task<SchemeReport> ReadAsync(CancellationToken cancellationToken = default)
    {
        var timeZone = (await rules.CurrentAsync(cancellationToken)).Rules.TimeZone;
        await using var session = await database.SessionAsync(null, cancellationToken);

        // Paused people are told apart by the reason their outcome gives: the automatic pause writes one fixed sentence.
        var outcomes = await session.QueryAsync<OutcomeRow>(
            """
            SELECT r.id AS round_id, r.period, r.round_number, r.status,
                   count(CASE WHEN o.outcome = 'paired' THEN 1 END) AS paired,
                   count(CASE WHEN o.outcome = 'satOut' THEN 1 END) AS sat_out,
                   count(CASE WHEN o.outcome = 'unmatched' THEN 1 END) AS unmatched,
                   count(CASE WHEN o.outcome = 'paused' AND o.reason = @silence THEN 1 END) AS paused_for_silence,
                   count(CASE WHEN o.outcome = 'paused' AND o.reason <> @silence THEN 1 END) AS paused_by_choice,
                   count(CASE WHEN o.outcome = 'notDue' THEN 1 END) AS not_due,
                   count(CASE WHEN o.outcome = 'skipped' THEN 1 END) AS skipped,
                   count(CASE WHEN o.outcome = 'undeliverable' THEN 1 END) AS undeliverable
            FROM rounds r
            LEFT JOIN round_outcomes o ON o.round_id = r.id
            GROUP BY r.id, r.period, r.round_number, r.status
            ORDER BY r.round_number
            """,
            new { silence = SilencePauses.Reason });

        // Answers count only from people who were asked, so answered can never exceed asked.
        var feedback = (await session.QueryAsync<FeedbackRow>(
            """
            SELECT q.round_id,
                   count(*) AS asked,
                   count(f.participant_id) AS answered,
                   count(CASE WHEN f.outcome = 'met' THEN 1 END) AS met,
                   count(CASE WHEN f.outcome = 'notYet' THEN 1 END) AS not_yet,
                   count(CASE WHEN f.outcome = 'couldNotMeet' THEN 1 END) AS could_not_meet,
                   count(CASE WHEN f.reason_code = 'noReply' THEN 1 END) AS no_reply,
                   count(CASE WHEN f.reason_code = 'noTime' THEN 1 END) AS no_time,
                   count(CASE WHEN f.reason_code = 'cancelled' THEN 1 END) AS cancelled,
                   count(CASE WHEN f.reason_code = 'notRelevant' THEN 1 END) AS not_relevant,
                   count(CASE WHEN f.reason_code = 'other' THEN 1 END) AS other
            FROM feedback_requests q
            LEFT JOIN feedback f ON f.round_id = q.round_id AND f.participant_id = q.participant_id
            GROUP BY q.round_id
            """)).ToDictionary(r => r.RoundId);

        var groups = (await session.QueryAsync<GroupRow>(
            """
            SELECT g.round_id,
                   count(*) AS total,
                   count(CASE WHEN g.asked > 0 THEN 1 END) AS asked,
                   count(CASE WHEN g.met > 0 THEN 1 END) AS met,
                   count(CASE WHEN g.met = 0 AND g.could_not_meet > 0 THEN 1 END) AS could_not_meet,
                   count(CASE WHEN g.met = 0 AND g.could_not_meet = 0 AND g.not_yet > 0 THEN 1 END) AS not_yet,
                   count(CASE WHEN g.asked > 0 AND g.answered = 0 THEN 1 END) AS no_answer
            FROM (
                SELECT m.round_id, m.group_number,
                       count(q.participant_id) AS asked,
                       count(f.participant_id) AS answered,
                       count(CASE WHEN f.outcome = 'met' THEN 1 END) AS met,
                       count(CASE WHEN f.outcome = 'couldNotMeet' THEN 1 END) AS could_not_meet,
                       count(CASE WHEN f.outcome = 'notYet' THEN 1 END) AS not_yet
                FROM group_members m
                LEFT JOIN feedback_requests q ON q.round_id = m.round_id AND q.participant_id = m.participant_id
                LEFT JOIN feedback f ON f.round_id = q.round_id AND f.participant_id = q.participant_id
                GROUP BY m.round_id, m.group_number
            ) g
            GROUP BY g.round_id
            """)).ToDictionary(r => r.RoundId);

        var organisations = await session.QueryAsync<OrganisationRow>(
            """
            SELECT DISTINCT o.round_id, o.pairing_organisation AS organisation
            FROM round_outcomes o
            WHERE o.outcome = 'paired' AND o.pairing_organisation IS NOT NULL
            """);

        // Leaving is unsubscribing (left_at), or deleting one's data without unsubscribing first (erased_at).
        var people = await session.QueryAsync<PersonRow>(
            "SELECT created_at, confirmed_at, COALESCE(left_at, erased_at) AS left_at FROM participants");

        var rounds = outcomes.Select(o => new RoundFigures(
                o.Period,
                o.RoundNumber,
                o.Status,
                new RoundOutcomeCounts(o.Paired, o.SatOut, o.Unmatched, o.PausedForSilence, o.PausedByChoice, o.NotDue, o.Skipped, o.Undeliverable),
                feedback.GetValueOrDefault(o.RoundId)?.ToCounts() ?? FeedbackRow.None,
                groups.GetValueOrDefault(o.RoundId)?.ToCounts() ?? new GroupResultCounts(0, 0, 0, 0, 0, 0)))
            .ToList();
        return new SchemeReport(
            rounds,
            SchemeMonths.Count(people.Select(p => (p.CreatedAt, p.ConfirmedAt, p.LeftAt)), TimeZoneInfo.FindSystemTimeZoneById(timeZone)),
            OrganisationsReached(outcomes, organisations),
            timeZone);
    }

    /// <summary>
    /// Organisations are told apart as the pairing engine tells them apart (ignoring case and surrounding spaces),
    /// by the organisation the engine was given for each person, which stays after someone deletes their data.
    /// </summary>
    private static OrganisationFigures OrganisationsReached(List<OutcomeRow> rounds, List<OrganisationRow> rows)
    {
        var byRound = rows
            .Where(r => !string.IsNullOrWhiteSpace(r.Organisation))
            .GroupBy(r => r.RoundId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Organisation!.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase));
        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var figures = new List<RoundOrganisations>(rounds.Count);
        foreach (var round in rounds)
        {
            var inRound = byRound.GetValueOrDefault(round.RoundId) ?? [];
            var before = reached.Count;
            reached.UnionWith(inRound);
            figures.Add(new RoundOrganisations(round.Period, inRound.Count, reached.Count - before, reached.Count));
        }

        return new OrganisationFigures(reached.Count, figures);
    }

    private sealed class OutcomeRow
    {
        public long RoundId { get; set; }

        public string Period { get; set; } = "";

        public int RoundNumber { get; set; }

        public string Status { get; set; } = "";

        public long Paired { get; set; }

        public long SatOut { get; set; }

        public long Unmatched { get; set; }

        public long PausedForSilence { get; set; }

        public long PausedByChoice { get; set; }

        public long NotDue { get; set; }

        public long Skipped { get; set; }

        public long Undeliverable { get; set; }
    }

    private sealed class FeedbackRow
    {
        public static readonly FeedbackCounts None = new FeedbackRow().ToCounts();

        public long RoundId { get; set; }

        public long Asked { get; set; }

        public long Answered { get; set; }

        public long Met { get; set; }

        public long NotYet { get; set; }

        public long CouldNotMeet { get; set; }

        public long NoReply { get; set; }

        public long NoTime { get; set; }

        public long Cancelled { get; set; }

        public long NotRelevant { get; set; }

        public long Other { get; set; }

        public FeedbackCounts ToCounts()
        {
            var byReason = FeedbackCodes.Reasons.ToDictionary(r => r.ToCode(), r => r switch
            {
                CouldNotMeetReason.NoReply => NoReply,
                CouldNotMeetReason.NoTime => NoTime,
                CouldNotMeetReason.Cancelled => Cancelled,
                CouldNotMeetReason.NotRelevant => NotRelevant,
                _ => Other,
            });
            return new FeedbackCounts(Asked, Answered, Met, NotYet, CouldNotMeet, byReason);
        }
    }

    private sealed class GroupRow
    {
        public long RoundId { get; set; }

        public long Total { get; set; }

        public long Asked { get; set; }

        public long Met { get; set; }

        public long CouldNotMeet { get; set; }

        public long NotYet { get; set; }

        public long NoAnswer { get; set; }

        public GroupResultCounts ToCounts() => new(Total, Asked, Met, CouldNotMeet, NotYet, NoAnswer);
    }

    private sealed class OrganisationRow
    {
        public long RoundId { get; set; }

        public string? Organisation { get; set; }
    }

    private sealed class PersonRow
    {
        public DateTime CreatedAt { get; set; }

        public DateTime? ConfirmedAt { get; set; }

        public DateTime? LeftAt { get; set; }
    }
}
