using System.Data.Common;
using System.Runtime.InteropServices;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>
/// What a plan reads about earlier rounds, in one query each, never one per participant: who met whom in
/// the repeat window, who sat out when, when people on a longer cadence were last paired, and the exclusions.
/// </summary>
internal sealed class RoundHistory(Database database)
{
    /// <summary>Meetings in rounds <paramref name="fromRound"/> up to (not including) <paramref name="beforeRound"/>: every pair within each group.</summary>
    public async Task<List<(long A, long B, int Round)>> MeetingsAsync(int fromRound, int beforeRound, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        // A year of a large scheme is hundreds of thousands of memberships: they are streamed and grouped
        // here as they arrive (columns found by name once, then read by their place), not mapped to an object
        // each, and read in the table's order, because sorting them on the server cost more than the rest of
        // the read.
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        await using var reader = await session.ReaderAsync(
            """
            SELECT r.round_number, m.round_id, m.group_number, m.participant_id
            FROM group_members m JOIN rounds r ON r.id = m.round_id
            WHERE r.round_number >= @fromRound AND r.round_number < @beforeRound
            """,
            new { fromRound, beforeRound });
        int roundNumber = reader.GetOrdinal("round_number"), roundId = reader.GetOrdinal("round_id"),
            groupNumber = reader.GetOrdinal("group_number"), participantId = reader.GetOrdinal("participant_id");
        var groups = new Dictionary<(long Round, int Group), (int Number, long First, long Second, long Third)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetInt64(roundId), reader.GetInt32(groupNumber));
            var participant = reader.GetInt64(participantId);
            ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out var seen);
            if (!seen)
            {
                group = (reader.GetInt32(roundNumber), participant, 0, 0);
            }
            else if (group.Second == 0)
            {
                group.Second = participant;
            }
            else if (group.Third == 0)
            {
                group.Third = participant;
            }
            else
            {
                throw new InvalidDataException($"Group {key.Item2} of round id {key.Item1} has more than three members.");
            }
        }

        var meetings = new List<(long, long, int)>(groups.Count + (groups.Count / 4));
        foreach (var (number, first, second, third) in groups.Values)
        {
            if (second != 0)
            {
                meetings.Add((first, second, number));
            }

            if (third != 0)
            {
                meetings.Add((first, third, number));
                meetings.Add((second, third, number));
            }
        }

        return meetings;
    }

    /// <summary>For each participant, the last round (number) they sat out before <paramref name="beforeRound"/>.</summary>
    public async Task<Dictionary<long, int>> LastSatOutAsync(int beforeRound, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var rows = await session.QueryAsync<LastRoundRow>(
            """
            SELECT o.participant_id, max(r.round_number) AS round_number
            FROM round_outcomes o JOIN rounds r ON r.id = o.round_id
            WHERE o.outcome = 'satOut' AND r.round_number < @beforeRound
            GROUP BY o.participant_id
            """,
            new { beforeRound });
        return rows.ToDictionary(r => r.ParticipantId, r => r.RoundNumber);
    }

    /// <summary>
    /// For each participant paired in a round from <paramref name="since"/> on and before
    /// <paramref name="beforeRound"/>, the last period they were paired in (cadence counts from it). Only the
    /// longest cadence's worth of rounds can make anyone not due, so only those are read, not the whole
    /// history; and someone who takes part every month is due whenever a new round is planned, so only the
    /// others are read.
    /// </summary>
    public async Task<Dictionary<long, Period>> LastPairedAsync(Period since, int beforeRound, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var rows = await session.QueryAsync<LastPeriodRow>(
            """
            SELECT o.participant_id, max(r.period) AS period
            FROM round_outcomes o JOIN rounds r ON r.id = o.round_id JOIN participants p ON p.id = o.participant_id
            WHERE o.outcome = 'paired' AND r.period >= @since AND r.round_number < @beforeRound AND p.cadence <> 'monthly'
            GROUP BY o.participant_id
            """,
            new { since = since.ToString(), beforeRound });
        return rows.ToDictionary(r => r.ParticipantId, r => Period.Parse(r.Period));
    }

    public async Task<List<(long A, long B)>> ExclusionsAsync(DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var rows = await session.QueryAsync<ExclusionRow>("SELECT participant_a, participant_b FROM exclusions ORDER BY participant_a, participant_b");
        return rows.Select(r => (r.ParticipantA, r.ParticipantB)).ToList();
    }

    private sealed class LastRoundRow
    {
        public long ParticipantId { get; set; }

        public int RoundNumber { get; set; }
    }

    private sealed class LastPeriodRow
    {
        public long ParticipantId { get; set; }

        public string Period { get; set; } = "";
    }

    private sealed class ExclusionRow
    {
        public long ParticipantA { get; set; }

        public long ParticipantB { get; set; }
    }
}
