using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Organisers;

/// <summary>Someone this person was grouped with: their id, and their name (null once they deleted their data).</summary>
internal sealed record Partner(long Id, string? Name);

/// <summary>What one round meant for the person: the outcome and its reason, and whom they were grouped with.</summary>
internal sealed record ParticipantRound(Period Period, int RoundNumber, string Outcome, string Reason, IReadOnlyList<Partner> Partners);

/// <summary>One email to the person and how far it got.</summary>
internal sealed record ParticipantEmail(long Id, string Kind, string? Period, string State, int Attempts, DateTime CreatedAt, DateTime? SentAt, string? LastReply);

/// <summary>Everything the organisers' page about one person shows.</summary>
internal sealed record ParticipantRecordView(Participant Participant, IReadOnlyList<ParticipantRound> Rounds, IReadOnlyList<ParticipantEmail> Emails);

/// <summary>
/// Reads one participant's record for the organisers: their row, every round they had an outcome in (newest
/// first) with the people they were grouped with, and every email to them with its delivery state. Three
/// queries, each by the participant's id through an index (migration 0016), however long the scheme has run.
/// </summary>
internal sealed class ParticipantRecord(Database database, ParticipantStore participants)
{
    /// <summary>The most emails listed: years of rounds, far more than a person gets in practice.</summary>
    public const int MaxEmails = 500;

    /// <summary>The person with this id, or with this public id; null when there is none.</summary>
    public async Task<ParticipantRecordView?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var participant = long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await participants.FindAsync(id, cancellationToken: cancellationToken)
            : await FindByPublicIdAsync(key, cancellationToken);
        if (participant is null)
        {
            return null;
        }

        await using var session = await database.SessionAsync(null, cancellationToken);
        var outcomes = await session.QueryAsync<OutcomeRow>(
            """
            SELECT r.id AS round_id, r.period, r.round_number, o.outcome, o.reason
            FROM round_outcomes o JOIN rounds r ON r.id = o.round_id
            WHERE o.participant_id = @id
            ORDER BY r.round_number DESC
            """,
            new { id = participant.Id });
        var partners = (await session.QueryAsync<PartnerRow>(
                """
                SELECT mine.round_id, p.id, p.name
                FROM group_members mine
                JOIN group_members other ON other.round_id = mine.round_id AND other.group_number = mine.group_number AND other.participant_id <> mine.participant_id
                JOIN participants p ON p.id = other.participant_id
                WHERE mine.participant_id = @id
                ORDER BY p.id
                """,
                new { id = participant.Id }))
            .ToLookup(p => p.RoundId, p => new Partner(p.Id, p.Name));
        var emails = await session.QueryAsync<EmailRow>(
            """
            SELECT m.id, m.kind, r.period, m.state, m.attempts, m.created_at, m.sent_at, m.last_reply
            FROM outbox_messages m LEFT JOIN rounds r ON r.id = m.round_id
            WHERE m.participant_id = @id
            ORDER BY m.id DESC
            LIMIT @take
            """,
            new { id = participant.Id, take = MaxEmails });

        return new ParticipantRecordView(
            participant,
            outcomes.Select(o => new ParticipantRound(Period.Parse(o.Period), o.RoundNumber, o.Outcome, o.Reason, partners[o.RoundId].ToList())).ToList(),
            emails.Select(e => new ParticipantEmail(e.Id, e.Kind, e.Period, e.State, e.Attempts, e.CreatedAt, e.SentAt, e.LastReply)).ToList());
    }

    /// <summary>By public id, erased people too (the participant store's own lookup leaves them out, for signed links).</summary>
    private async Task<Participant?> FindByPublicIdAsync(string publicId, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var id = await session.ScalarAsync<long?>("SELECT id FROM participants WHERE public_id = @publicId", new { publicId });
        return id is { } found ? await participants.FindAsync(found, cancellationToken: cancellationToken) : null;
    }

    private sealed class OutcomeRow
    {
        public long RoundId { get; set; }

        public string Period { get; set; } = "";

        public int RoundNumber { get; set; }

        public string Outcome { get; set; } = "";

        public string Reason { get; set; } = "";
    }

    private sealed class PartnerRow
    {
        public long RoundId { get; set; }

        public long Id { get; set; }

        public string? Name { get; set; }
    }

    private sealed class EmailRow
    {
        public long Id { get; set; }

        public string Kind { get; set; } = "";

        public string? Period { get; set; }

        public string State { get; set; } = "";

        public int Attempts { get; set; }

        public DateTime CreatedAt { get; set; }

        public DateTime? SentAt { get; set; }

        public string? LastReply { get; set; }
    }
}
