using System.Data.Common;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Feedback;

/// <summary>The round people are asked about: the latest one, open until the next is planned.</summary>
internal sealed record OpenRound(long Id, string Period, int RoundNumber, string Status, DateTime IntroducedAt);

/// <summary>One person's answer about one round.</summary>
internal sealed record StoredAnswer(FeedbackAnswer Answer, CouldNotMeetReason? Reason, string? OtherReason, DateTime RecordedAt);

/// <summary>A line of <c>round show --json</c>'s feedback: everyone asked about the round, answered or not.</summary>
internal sealed record RoundFeedbackLine(long ParticipantId, string Email, string Answer, string? Reason, string? Note);

/// <summary>
/// The SQL of the feedback loop over <c>feedback_requests</c> (who was asked and reminded), <c>feedback</c>
/// (answers) and <c>silence_pauses</c>. Asking and reminding are single statements guarded by the primary
/// key and <c>reminded_at</c>, so two instances, the job and the command can all run at once and each
/// person is still asked, and reminded, once per round.
/// </summary>
internal sealed class FeedbackStore(Database database)
{
    /// <summary>The latest round, or null before the first; only this round's answers can still change.</summary>
    public async Task<OpenRound?> OpenRoundAsync(DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<RoundRow>(
            "SELECT id, period, round_number, status, COALESCE(approved_at, planned_at) AS introduced_at FROM rounds ORDER BY round_number DESC LIMIT 1");
        return row is null ? null : new OpenRound(row.Id, row.Period, row.RoundNumber, row.Status, row.IntroducedAt);
    }

    /// <summary>
    /// Records that every member of the round who can be emailed is asked now, and returns those who were
    /// not asked before (only they get an email). Someone who left, was erased or bounces is not asked.
    /// </summary>
    public async Task<List<long>> AskAsync(long roundId, DateTime now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.QueryAsync<long>(
            """
            INSERT INTO feedback_requests (round_id, participant_id, asked_at)
            SELECT m.round_id, m.participant_id, @now
            FROM group_members m
            JOIN participants p ON p.id = m.participant_id
            WHERE m.round_id = @roundId AND p.status IN ('active', 'paused') AND p.undeliverable_at IS NULL AND p.email IS NOT NULL
            ON CONFLICT (round_id, participant_id) DO NOTHING
            RETURNING participant_id
            """,
            new { roundId, now });
    }

    /// <summary>
    /// Marks as reminded, and returns, whoever was asked by <paramref name="askedBy"/>, is not reminded yet and
    /// answered "not yet" or nothing.
    /// </summary>
    public async Task<List<long>> RemindAsync(long roundId, DateTime askedBy, DateTime now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.QueryAsync<long>(
            """
            UPDATE feedback_requests
            SET reminded_at = @now
            WHERE round_id = @roundId AND reminded_at IS NULL AND asked_at <= @askedBy
              AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.round_id = feedback_requests.round_id
                              AND f.participant_id = feedback_requests.participant_id AND f.outcome <> 'notYet')
              AND EXISTS (SELECT 1 FROM participants p WHERE p.id = feedback_requests.participant_id
                          AND p.status IN ('active', 'paused') AND p.undeliverable_at IS NULL AND p.email IS NOT NULL)
            RETURNING participant_id
            """,
            new { roundId, askedBy, now });
    }

    /// <summary>The members of each group of the round, by group, for naming the others in each email.</summary>
    public async Task<Dictionary<long, List<long>>> GroupmatesAsync(long roundId, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var rows = await session.QueryAsync<MemberRow>(
            "SELECT group_number, participant_id FROM group_members WHERE round_id = @roundId ORDER BY group_number, participant_id",
            new { roundId });
        var groups = rows.GroupBy(r => r.GroupNumber).Select(g => g.Select(m => m.ParticipantId).ToList()).ToList();
        var byPerson = new Dictionary<long, List<long>>();
        foreach (var group in groups)
        {
            foreach (var member in group)
            {
                byPerson[member] = group.Where(other => other != member).ToList();
            }
        }

        return byPerson;
    }

    /// <summary>
    /// For everyone active who can be emailed: their asked rounds since their last pause for silence, newest
    /// first. Rounds they were not asked about are not there at all; an email that was not delivered is
    /// <see cref="AskedRound.NotAsked"/>.
    /// </summary>
    public Task<Dictionary<long, List<AskedRound>>> SilenceOfActiveAsync(DbTransaction? transaction, CancellationToken cancellationToken) =>
        SilenceAsync(
            "q.participant_id IN (SELECT id FROM participants WHERE status = 'active' AND undeliverable_at IS NULL)",
            new { before = int.MaxValue },
            transaction,
            cancellationToken);

    /// <summary>The same for the members of one round, counting only the rounds before it (for the warning in its email).</summary>
    public Task<Dictionary<long, List<AskedRound>>> SilenceBeforeAsync(long roundId, int roundNumber, DbTransaction transaction, CancellationToken cancellationToken) =>
        SilenceAsync(
            "q.participant_id IN (SELECT participant_id FROM group_members WHERE round_id = @roundId)",
            new { before = roundNumber, roundId },
            transaction,
            cancellationToken);

    private async Task<Dictionary<long, List<AskedRound>>> SilenceAsync(string who, object parameters, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var followUp = EmailKind.FollowUp.ToCode();
        var rows = await session.QueryAsync<SilenceRow>(
            $"""
            SELECT q.participant_id,
                   CASE WHEN o.state IS NULL OR o.state <> 'sent' THEN 2 WHEN f.participant_id IS NULL THEN 1 ELSE 0 END AS kind
            FROM feedback_requests q
            JOIN rounds r ON r.id = q.round_id
            LEFT JOIN feedback f ON f.round_id = q.round_id AND f.participant_id = q.participant_id
            LEFT JOIN outbox_messages o ON o.idempotency_key = 'round:' || q.round_id || ':{followUp}:' || q.participant_id
            WHERE r.round_number < @before AND {who}
              AND r.round_number > COALESCE((SELECT max(r2.round_number) FROM silence_pauses s JOIN rounds r2 ON r2.id = s.round_id
                                             WHERE s.participant_id = q.participant_id), 0)
            ORDER BY q.participant_id, r.round_number DESC
            """,
            parameters);
        var byPerson = new Dictionary<long, List<AskedRound>>();
        foreach (var row in rows)
        {
            if (!byPerson.TryGetValue(row.ParticipantId, out var list))
            {
                byPerson[row.ParticipantId] = list = [];
            }

            list.Add((AskedRound)row.Kind);
        }

        return byPerson;
    }

    /// <summary>Pauses these active people until they choose to come back, and records why, in the round's transaction.</summary>
    public async Task<List<long>> PauseForSilenceAsync(IReadOnlyCollection<long> participantIds, DateTime now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var paused = new List<long>();
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        foreach (var id in participantIds)
        {
            var changed = await session.ExecuteAsync(
                "UPDATE participants SET status = 'paused', paused_until = @until, updated_at = @now WHERE id = @id AND status = 'active'",
                new { id, until = SilencePauses.UntilTheyReturn, now });
            if (changed == 1)
            {
                paused.Add(id);
            }
        }

        return paused;
    }

    /// <summary>Records the pauses against the round whose planning made them: silence is counted afresh after it.</summary>
    public async Task RecordPausesAsync(long roundId, IReadOnlyCollection<long> participantIds, DateTime now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        foreach (var id in participantIds)
        {
            await session.ExecuteAsync(
                "INSERT INTO silence_pauses (participant_id, round_id, paused_at) VALUES (@id, @roundId, @now) ON CONFLICT (participant_id, round_id) DO NOTHING",
                new { id, roundId, now });
        }
    }

    /// <summary>Ends a pause for silence ("Keep me in"); false when the person is not paused for silence.</summary>
    public async Task<bool> KeepInAsync(long participantId, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var changed = await session.ExecuteAsync(
            "UPDATE participants SET status = 'active', paused_until = NULL, updated_at = @now WHERE id = @participantId AND status = 'paused' AND paused_until = @until",
            new { participantId, until = SilencePauses.UntilTheyReturn, now });
        if (changed == 1)
        {
            await session.ExecuteAsync(
                "UPDATE silence_pauses SET kept_in_at = @now WHERE participant_id = @participantId AND kept_in_at IS NULL",
                new { participantId, now });
        }

        await transaction.CommitAsync(cancellationToken);
        return changed == 1;
    }

    /// <summary>Whether the person is a member of one of the round's groups: only they can answer about it.</summary>
    public async Task<bool> IsMemberAsync(long roundId, long participantId, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ScalarAsync<long>(
            "SELECT count(*) FROM group_members WHERE round_id = @roundId AND participant_id = @participantId",
            new { roundId, participantId }) > 0;
    }

    public async Task<StoredAnswer?> AnswerAsync(long roundId, long participantId, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<AnswerRow>(
            "SELECT outcome, reason_code, reason, recorded_at FROM feedback WHERE round_id = @roundId AND participant_id = @participantId",
            new { roundId, participantId });
        return row?.ToAnswer();
    }

    /// <summary>
    /// Records or replaces the answer, but only while <paramref name="roundId"/> is still the latest round (the
    /// check and the write are one statement). Returns false when the round has closed.
    /// </summary>
    public async Task<bool> RecordAnswerAsync(long roundId, long participantId, FeedbackAnswer answer, CouldNotMeetReason? reason, string? otherReason, DateTime now, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ExecuteAsync(
            """
            INSERT INTO feedback (round_id, participant_id, outcome, reason_code, reason, recorded_at)
            SELECT @roundId, @participantId, @outcome, @reasonCode, @otherReason, @now
            WHERE @roundId = (SELECT id FROM rounds ORDER BY round_number DESC LIMIT 1)
            ON CONFLICT (round_id, participant_id) DO UPDATE
            SET outcome = excluded.outcome, reason_code = excluded.reason_code, reason = excluded.reason, recorded_at = excluded.recorded_at
            """,
            new { roundId, participantId, outcome = answer.ToCode(), reasonCode = reason?.ToCode(), otherReason, now }) == 1;
    }

    /// <summary>Everyone asked about the round (or who answered), with their answer or <c>none</c>, by email.</summary>
    public async Task<List<RoundFeedbackLine>> RoundFeedbackAsync(long roundId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<LineRow>(
            """
            SELECT m.participant_id, p.email, p.public_id, f.outcome, f.reason_code, f.reason
            FROM group_members m
            JOIN participants p ON p.id = m.participant_id
            LEFT JOIN feedback_requests q ON q.round_id = m.round_id AND q.participant_id = m.participant_id
            LEFT JOIN feedback f ON f.round_id = m.round_id AND f.participant_id = m.participant_id
            WHERE m.round_id = @roundId AND (q.participant_id IS NOT NULL OR f.participant_id IS NOT NULL)
            """,
            new { roundId });
        return rows
            .Select(r => new RoundFeedbackLine(r.ParticipantId, PersonLabel.Of(r.Email, r.PublicId), r.Outcome ?? FeedbackCodes.NoAnswer, r.ReasonCode, r.Reason))
            .OrderBy(l => l.Email, StringComparer.Ordinal)
            .ToList();
    }

    private sealed class RoundRow
    {
        public long Id { get; set; }

        public string Period { get; set; } = "";

        public int RoundNumber { get; set; }

        public string Status { get; set; } = "";

        public DateTime IntroducedAt { get; set; }
    }

    private sealed class MemberRow
    {
        public int GroupNumber { get; set; }

        public long ParticipantId { get; set; }
    }

    private sealed class SilenceRow
    {
        public long ParticipantId { get; set; }

        public int Kind { get; set; }
    }

    private sealed class AnswerRow
    {
        public string Outcome { get; set; } = "";

        public string? ReasonCode { get; set; }

        public string? Reason { get; set; }

        public DateTime RecordedAt { get; set; }

        public StoredAnswer ToAnswer()
        {
            if (!FeedbackCodes.TryParseAnswer(Outcome, out var answer))
            {
                throw new InvalidDataException($"Unknown feedback answer '{Outcome}' in the database.");
            }

            CouldNotMeetReason? reason = FeedbackCodes.TryParseReason(ReasonCode, out var r) ? r : null;
            return new StoredAnswer(answer, reason, Reason, RecordedAt);
        }
    }

    private sealed class LineRow
    {
        public long ParticipantId { get; set; }

        public string? Email { get; set; }

        public string PublicId { get; set; } = "";

        public string? Outcome { get; set; }

        public string? ReasonCode { get; set; }

        public string? Reason { get; set; }
    }
}
