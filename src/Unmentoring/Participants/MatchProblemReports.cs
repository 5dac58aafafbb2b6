using Unmentoring.Mail;
using Unmentoring.Organisers;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

/// <summary>Someone the reporter met in a round, as the report page offers them (by public id, never the row id).</summary>
internal sealed record GroupMate(string PublicId, long Id, string Name, string? Organisation);

/// <summary>The reporter's group in one round: the others in it who still have their data.</summary>
internal sealed record ReportableGroup(long RoundId, string Period, IReadOnlyList<GroupMate> Others);

/// <summary>One report as the organisers' page lists it; <see cref="InForce"/> says whether the exclusion it made still stands.</summary>
internal sealed record MatchReport(long Id, string Period, DateTime ReportedAt, ExcludedPerson Reporter, ExcludedPerson Reported, string? Reason, bool InForce);

/// <summary>
/// "Report a problem with my match" (docs/adr/0028-exclusions-and-match-reports.md). A participant, from the
/// signed link in their introduction, asks not to be paired again with someone from that round's group. In
/// one transaction: the report (<c>match_reports</c>, once per round, reporter and person), the exclusion
/// the next round honours, an audit entry, and an email to every organiser that names nobody. The other
/// person is never told: nothing is sent to them and their own data does not change.
/// </summary>
internal sealed class MatchProblemReports(
    Database database,
    OrganiserList organisers,
    OutboxStore outbox,
    IEmailComposer composer,
    AuditLog audit,
    TimeProvider time)
{
    public const int ReasonMaxLength = 1000;

    /// <summary>The reporter's group in the round, or null when they were in no group of it.</summary>
    public async Task<ReportableGroup?> GroupAsync(long reporterId, long roundId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var period = await session.ScalarAsync<string>(
            "SELECT r.period FROM group_members me JOIN rounds r ON r.id = me.round_id WHERE me.participant_id = @reporterId AND me.round_id = @roundId",
            new { reporterId, roundId });
        if (period is null)
        {
            return null;
        }

        var others = await session.QueryAsync<GroupMateRow>(
            """
            SELECT p.id, p.public_id, p.name, p.organisation
            FROM group_members me
            JOIN group_members them ON them.round_id = me.round_id AND them.group_number = me.group_number AND them.participant_id <> me.participant_id
            JOIN participants p ON p.id = them.participant_id
            WHERE me.participant_id = @reporterId AND me.round_id = @roundId AND p.status <> 'erased'
            ORDER BY p.name, p.id
            """,
            new { reporterId, roundId });
        return new ReportableGroup(roundId, period, others.Select(o => new GroupMate(o.PublicId, o.Id, o.Name ?? "", o.Organisation)).ToList());
    }

    /// <summary>
    /// Records the report and excludes the pair at once; false when this reporter already reported this person
    /// from this round's link, which changes nothing and tells nobody again.
    /// </summary>
    public async Task<bool> ReportAsync(Participant reporter, ReportableGroup group, GroupMate other, string? reason, CancellationToken cancellationToken = default)
    {
        if (!group.Others.Contains(other))
        {
            throw new ArgumentException("Only someone from the reporter's own group can be reported.", nameof(other));
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var tellThem = await organisers.AllAsync(cancellationToken);
        var now = time.StorageNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var reportId = await session.ScalarAsync<long?>(
            """
            INSERT INTO match_reports (round_id, reporter_id, reported_id, reason, reported_at)
            VALUES (@roundId, @reporterId, @reportedId, @reason, @now)
            ON CONFLICT (round_id, reporter_id, reported_id) DO NOTHING
            RETURNING id
            """,
            new { roundId = group.RoundId, reporterId = reporter.Id, reportedId = other.Id, reason, now });
        if (reportId is not { } id)
        {
            return false;
        }

        var month = UkDates.Month(group.Period);
        await ExclusionList.InsertAsync(session, reporter.Id, other.Id, $"Reported by a participant after the {month} round", ExclusionList.ReportedByParticipant, now);
        var otherEmail = await session.ScalarAsync<string>("SELECT email FROM participants WHERE id = @id", new { id = other.Id });
        await audit.RecordAsync("participant", "exclusion.reported", $"{reporter.Email} about {otherEmail}", $"after the {month} round", transaction, cancellationToken);
        foreach (var organiser in tellThem)
        {
            await outbox.EnqueueAsync(composer.Compose(new MatchProblemReportedEmail(id, organiser.Email, organiser.Name ?? organiser.Email, group.Period)), transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Every report, newest first, for the organisers' exclusions page.</summary>
    public async Task<IReadOnlyList<MatchReport>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<ReportRow>(
            """
            SELECT m.id, r.period, m.reported_at, m.reason,
                   m.reporter_id, reporter.email AS reporter_email, reporter.name AS reporter_name,
                   m.reported_id, reported.email AS reported_email, reported.name AS reported_name,
                   CASE WHEN EXISTS (
                       SELECT 1 FROM exclusions e
                       WHERE (e.participant_a = m.reporter_id AND e.participant_b = m.reported_id)
                          OR (e.participant_a = m.reported_id AND e.participant_b = m.reporter_id)) THEN 1 ELSE 0 END AS in_force
            FROM match_reports m
            JOIN rounds r ON r.id = m.round_id
            JOIN participants reporter ON reporter.id = m.reporter_id
            JOIN participants reported ON reported.id = m.reported_id
            ORDER BY m.reported_at DESC, m.id DESC
            """);
        return rows.Select(r => new MatchReport(
            r.Id,
            r.Period,
            r.ReportedAt,
            new ExcludedPerson(r.ReporterId, r.ReporterEmail, r.ReporterName),
            new ExcludedPerson(r.ReportedId, r.ReportedEmail, r.ReportedName),
            r.Reason,
            r.InForce == 1)).ToList();
    }

    private sealed class GroupMateRow
    {
        public long Id { get; set; }

        public string PublicId { get; set; } = "";

        public string? Name { get; set; }

        public string? Organisation { get; set; }
    }

    private sealed class ReportRow
    {
        public long Id { get; set; }

        public string Period { get; set; } = "";

        public DateTime ReportedAt { get; set; }

        public string? Reason { get; set; }

        public long ReporterId { get; set; }

        public string? ReporterEmail { get; set; }

        public string? ReporterName { get; set; }

        public long ReportedId { get; set; }

        public string? ReportedEmail { get; set; }

        public string? ReportedName { get; set; }

        public int InForce { get; set; }
    }
}
