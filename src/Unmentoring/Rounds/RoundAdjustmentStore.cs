using System.Data.Common;
using Unmentoring.Mail;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>One group of a stored round: its number, its arranger and its members.</summary>
internal sealed record StoredGroup(int Number, long Arranger, IReadOnlyList<long> Members);

/// <summary>
/// The SQL of an organiser's change to a held round (<see cref="RoundAdjustments"/>): reads a round's groups and
/// what the engine saw of each person inside the change's transaction, and moves people between groups,
/// keeping each one's introduction pointed at the group it will describe.
/// </summary>
internal sealed class RoundAdjustmentStore(Database database)
{
    public async Task<List<StoredGroup>> GroupsAsync(long roundId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var rows = await session.QueryAsync<MemberRow>(
            """
            SELECT g.group_number, g.arranger_id, m.participant_id
            FROM round_groups g JOIN group_members m ON m.round_id = g.round_id AND m.group_number = g.group_number
            WHERE g.round_id = @roundId
            ORDER BY g.group_number, CASE WHEN m.participant_id = g.arranger_id THEN 0 ELSE 1 END, m.participant_id
            """,
            new { roundId });
        return rows
            .GroupBy(r => (r.GroupNumber, r.ArrangerId))
            .Select(g => new StoredGroup(g.Key.GroupNumber, g.Key.ArrangerId, g.Select(r => r.ParticipantId).ToList()))
            .ToList();
    }

    /// <summary>The organisation the engine was given for each participant of the round (what "same organisation" is judged on).</summary>
    public async Task<Dictionary<long, string?>> OrganisationsAsync(long roundId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var rows = await session.QueryAsync<OrganisationRow>(
            "SELECT participant_id, pairing_organisation FROM round_outcomes WHERE round_id = @roundId",
            new { roundId });
        return rows.ToDictionary(r => r.ParticipantId, r => r.PairingOrganisation);
    }

    /// <summary>Puts <paramref name="participantId"/> in group <paramref name="groupNumber"/>, their introduction with them.</summary>
    public async Task MoveAsync(long roundId, long participantId, int groupNumber, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE group_members SET group_number = @groupNumber WHERE round_id = @roundId AND participant_id = @participantId",
            new { roundId, participantId, groupNumber });
        await session.ExecuteAsync(
            "UPDATE outbox_messages SET group_number = @groupNumber WHERE round_id = @roundId AND participant_id = @participantId AND kind = @kind",
            new { roundId, participantId, groupNumber, kind = EmailKind.Introduction.ToCode() });
    }

    public async Task SetArrangerAsync(long roundId, int groupNumber, long arrangerId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE round_groups SET arranger_id = @arrangerId WHERE round_id = @roundId AND group_number = @groupNumber",
            new { roundId, groupNumber, arrangerId });
    }

    /// <summary>Sets the stored reason of <paramref name="participantIds"/> in the round (after a move changed their group).</summary>
    public async Task SetReasonAsync(long roundId, IReadOnlyList<long> participantIds, string reason, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        foreach (var participantId in participantIds)
        {
            await session.ExecuteAsync(
                "UPDATE round_outcomes SET reason = @reason WHERE round_id = @roundId AND participant_id = @participantId",
                new { roundId, participantId, reason });
        }
    }

    /// <summary>How many introductions to this participant the round has queued, first and again.</summary>
    public async Task<int> IntroductionCountAsync(long roundId, long participantId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return (int)await session.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE round_id = @roundId AND participant_id = @participantId AND kind = @kind",
            new { roundId, participantId, kind = EmailKind.Introduction.ToCode() });
    }

    private sealed class MemberRow
    {
        public int GroupNumber { get; set; }

        public long ArrangerId { get; set; }

        public long ParticipantId { get; set; }
    }

    private sealed class OrganisationRow
    {
        public long ParticipantId { get; set; }

        public string? PairingOrganisation { get; set; }
    }
}
