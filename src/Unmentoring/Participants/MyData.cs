using System.Text.Json;
using System.Text.Json.Serialization;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

/// <summary>Everything the scheme holds about one participant, as the "download my data" file gives it.</summary>
internal sealed record MyData(
    MyDetails Details,
    IReadOnlyList<MyRound> Rounds,
    IReadOnlyList<MyMatchReport> MatchReports,
    IReadOnlyList<MyEmail> Emails,
    DateTime ExportedAt);

internal sealed record MyDetails(
    string Id,
    string? Email,
    string? Name,
    string? Organisation,
    string? Role,
    string? Phone,
    string? VideoCallHandle,
    string? Intro,
    string Cadence,
    string Status,
    DateOnly? PausedUntil,
    string? SkipRound,
    string? ConsentBasis,
    string? ConsentTextVersion,
    string? ConsentText,
    DateTime? ConsentGivenAt,
    DateTime? CodeOfConductAgreedAt,
    DateTime SignedUpAt,
    DateTime? ConfirmedAt,
    DateTime UpdatedAt);

/// <summary>One round: what happened to the participant, and who they were matched with (as their introduction named them).</summary>
internal sealed record MyRound(string Round, string Outcome, string? Reason, IReadOnlyList<MatchedPerson> MatchedWith, string? Feedback);

internal sealed record MatchedPerson(string Name, string? Organisation);

/// <summary>
/// A problem the participant reported with their match: when, after which round, about whom (as that round's
/// <see cref="MyRound.MatchedWith"/> already names them) and the reason in their own words, null once either
/// of the two deleted their data (<see cref="Retention.ErasedTraces"/>).
/// </summary>
internal sealed record MyMatchReport(string Round, DateTime ReportedAt, MatchedPerson About, string? Reason);

internal sealed record MyEmail(string Kind, string Subject, string State, DateTime CreatedAt, DateTime? SentAt);

/// <summary>Builds a participant's <see cref="MyData"/> from every table that mentions them.</summary>
internal sealed class MyDataExport(Database database, TimeProvider time)
{
    internal const string NotKept = "(written from the round when it is sent; the content is not kept)";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public async Task<MyData> ExportAsync(Participant p, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);

        var details = new MyDetails(
            p.PublicId, p.Email, p.Name, p.Organisation, p.Role, p.Phone, p.Video, p.Intro, p.Cadence.ToCode(), p.Status.ToCode(),
            p.PausedUntil, p.SkipPeriod, p.ConsentBasis, p.ConsentTextVersion,
            p.ConsentTextVersion is { } v && ConsentText.Versions.TryGetValue(v, out var text) ? text : null,
            p.ConsentAt, p.ConductAgreedAt, p.CreatedAt, p.ConfirmedAt, p.UpdatedAt);

        var matches = (await session.QueryAsync<MatchRow>(
                """
                SELECT me.round_id, other.name, other.organisation, other.status
                FROM group_members me
                JOIN group_members them ON them.round_id = me.round_id AND them.group_number = me.group_number AND them.participant_id <> me.participant_id
                JOIN participants other ON other.id = them.participant_id
                WHERE me.participant_id = @id
                ORDER BY me.round_id, other.id
                """,
                new { id = p.Id }))
            .GroupBy(m => m.RoundId)
            .ToDictionary(
                g => g.Key,
                g => g.Select(m => Matched(m.Name, m.Organisation, m.Status)).ToList());

        var rounds = (await session.QueryAsync<RoundRow>(
                """
                SELECT r.id, r.period, o.outcome, o.reason, f.outcome AS feedback, f.reason_code AS feedback_reason_code, f.reason AS feedback_reason
                FROM rounds r
                LEFT JOIN round_outcomes o ON o.round_id = r.id AND o.participant_id = @id
                LEFT JOIN feedback f ON f.round_id = r.id AND f.participant_id = @id
                WHERE o.participant_id IS NOT NULL
                   OR EXISTS (SELECT 1 FROM group_members g WHERE g.round_id = r.id AND g.participant_id = @id)
                ORDER BY r.period
                """,
                new { id = p.Id }))
            .Select(r => new MyRound(
                r.Period,
                r.Outcome ?? "paired",
                r.Reason,
                matches.TryGetValue(r.Id, out var people) ? people : [],
                r.Feedback is null ? null : Feedback.FeedbackCodes.Describe(r.Feedback, r.FeedbackReasonCode, r.FeedbackReason)))
            .ToList();

        // Only reports this person made: the other person is never told (docs/adr/0028), so a report about
        // someone is not in their download. The reported person is named exactly as the reporter's own round
        // names them (name and organisation, or the erased placeholder), never by address or id, so the
        // download says nothing about them that the reporter's introduction did not.
        var reports = (await session.QueryAsync<ReportRow>(
                """
                SELECT r.period, m.reported_at, m.reason, other.name, other.organisation, other.status
                FROM match_reports m
                JOIN rounds r ON r.id = m.round_id
                JOIN participants other ON other.id = m.reported_id
                WHERE m.reporter_id = @id
                ORDER BY m.reported_at, m.id
                """,
                new { id = p.Id }))
            .Select(r => new MyMatchReport(r.Period, r.ReportedAt, Matched(r.Name, r.Organisation, r.Status), r.Reason))
            .ToList();

        // A round's email is rendered when it is sent and its content is not kept, so it has no stored subject.
        var emails = (await session.QueryAsync<EmailRow>(
                "SELECT kind, subject, state, created_at, sent_at FROM outbox_messages WHERE participant_id = @id ORDER BY id",
                new { id = p.Id }))
            .Select(e => new MyEmail(e.Kind, e.Subject ?? NotKept, e.State, e.CreatedAt, e.SentAt))
            .ToList();

        return new MyData(details, rounds, reports, emails, time.StorageNow());
    }

    /// <summary>Someone the participant was matched with, as their introduction named them; nobody once they deleted their data.</summary>
    private static MatchedPerson Matched(string? name, string? organisation, string status) =>
        status == "erased" ? new MatchedPerson("(someone who has since deleted their data)", null) : new MatchedPerson(name ?? "", organisation);

    private sealed class MatchRow
    {
        public long RoundId { get; set; }

        public string? Name { get; set; }

        public string? Organisation { get; set; }

        public string Status { get; set; } = "";
    }

    private sealed class RoundRow
    {
        public long Id { get; set; }

        public string Period { get; set; } = "";

        public string? Outcome { get; set; }

        public string? Reason { get; set; }

        public string? Feedback { get; set; }

        public string? FeedbackReasonCode { get; set; }

        public string? FeedbackReason { get; set; }
    }

    private sealed class ReportRow
    {
        public string Period { get; set; } = "";

        public DateTime ReportedAt { get; set; }

        public string? Reason { get; set; }

        public string? Name { get; set; }

        public string? Organisation { get; set; }

        public string Status { get; set; } = "";
    }

    private sealed class EmailRow
    {
        public string Kind { get; set; } = "";

        public string? Subject { get; set; }

        public string State { get; set; } = "";

        public DateTime CreatedAt { get; set; }

        public DateTime? SentAt { get; set; }
    }
}
