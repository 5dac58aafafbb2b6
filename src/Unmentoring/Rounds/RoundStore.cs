using System.Data.Common;
using System.Text.Json;
using Unmentoring.Pairing;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>The SQL behind rounds: what a plan reads (in one query each, never one per participant) and what a round writes.</summary>
internal static class RoundStore
{
    public sealed record StoredRound(long Id, Period Period, int RoundNumber, DateOnly RoundDate, ulong Seed, int RulesVersion, string Status, string Exclusions, DateTime PlannedAt);

    private const string RoundColumns = "id, period, round_number, round_date, seed, rules_version, status, exclusions, planned_at";

    public static async Task<StoredRound?> FindAsync(DbConnection connection, DbTransaction? transaction, Period period, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {RoundColumns} FROM rounds WHERE period = @period", transaction, ("period", period.ToString()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRound(reader) : null;
    }

    public static async Task<StoredRound?> FindByIdAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {RoundColumns} FROM rounds WHERE id = @id", null, ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRound(reader) : null;
    }

    /// <summary>
    /// The members of the round's groups with these numbers, listed as <see cref="GroupsAsync"/> lists them.
    /// Each group is read by its key, so a batch costs an index look-up per group whatever the size of the round.
    /// </summary>
    public static async Task<Dictionary<int, List<long>>> GroupsByNumberAsync(DbConnection connection, long roundId, IReadOnlyCollection<int> groupNumbers, CancellationToken cancellationToken) =>
        groupNumbers.Count == 0
            ? []
            : (await ReadGroupsAsync(connection, roundId, groupNumbers, cancellationToken)).ToDictionary(g => g.Number, g => g.Members);

    /// <summary>The stored reason for each of <paramref name="participantIds"/> in one round.</summary>
    public static async Task<Dictionary<long, string>> ReasonsAsync(DbConnection connection, long roundId, IReadOnlyCollection<long> participantIds, CancellationToken cancellationToken)
    {
        var reasons = new Dictionary<long, string>();
        if (participantIds.Count == 0)
        {
            return reasons;
        }

        var (oneOf, parameter) = connection.OneOf("participant_id", "ids", participantIds);
        await using var command = connection.Command($"SELECT participant_id, reason FROM round_outcomes WHERE round_id = @round AND {oneOf}", null, ("round", roundId), parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reasons[reader.GetInt64(0)] = reader.GetString(1);
        }

        return reasons;
    }

    /// <summary>The latest period that has a round, if any.</summary>
    public static async Task<(Period Period, int RoundNumber)?> LatestAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT period, round_number FROM rounds ORDER BY round_number DESC LIMIT 1", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (Period.Parse(reader.GetString(0)), reader.GetInt32(1)) : null;
    }

    /// <summary>Meetings in rounds <paramref name="fromRound"/> up to (not including) <paramref name="beforeRound"/>: every pair within each group.</summary>
    public static async Task<List<(long A, long B, int Round)>> MeetingsAsync(DbConnection connection, DbTransaction? transaction, int fromRound, int beforeRound, CancellationToken cancellationToken)
    {
        // Read in the table's order and grouped here: sorting 600,000 memberships (a year of a large
        // scheme) on the server cost more than the rest of the read.
        await using var command = connection.Command(
            """
            SELECT r.round_number, m.round_id, m.group_number, m.participant_id
            FROM group_members m JOIN rounds r ON r.id = m.round_id
            WHERE r.round_number >= @from AND r.round_number < @before
            """,
            transaction,
            ("from", fromRound),
            ("before", beforeRound));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new Dictionary<(long Round, int Group), (int Number, long First, long Second, long Third)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetInt64(1), reader.GetInt32(2));
            var participant = reader.GetInt64(3);
            ref var group = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out var seen);
            if (!seen)
            {
                group = (reader.GetInt32(0), participant, 0, 0);
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
    public static Task<Dictionary<long, int>> LastSatOutAsync(DbConnection connection, DbTransaction? transaction, int beforeRound, CancellationToken cancellationToken) =>
        MapAsync(
            connection,
            transaction,
            "SELECT o.participant_id, max(r.round_number) FROM round_outcomes o JOIN rounds r ON r.id = o.round_id WHERE o.outcome = 'satOut' AND r.round_number < @before GROUP BY o.participant_id",
            beforeRound,
            r => r.GetInt32(1),
            cancellationToken);

    /// <summary>
    /// For each participant paired in a round from <paramref name="since"/> on and before
    /// <paramref name="beforeRound"/>, the last period they were paired in (cadence counts from it). Only the
    /// longest cadence's worth of rounds can make anyone not due, so only those are read, not the whole
    /// history; and someone who takes part every month is due whenever a new round is planned, so only the
    /// others are read.
    /// </summary>
    public static Task<Dictionary<long, Period>> LastPairedAsync(DbConnection connection, DbTransaction? transaction, Period since, int beforeRound, CancellationToken cancellationToken) =>
        MapAsync(
            connection,
            transaction,
            """
            SELECT o.participant_id, max(r.period)
            FROM round_outcomes o JOIN rounds r ON r.id = o.round_id JOIN participants p ON p.id = o.participant_id
            WHERE o.outcome = 'paired' AND r.period >= @since AND r.round_number < @before AND p.cadence <> 'monthly'
            GROUP BY o.participant_id
            """,
            beforeRound,
            r => Period.Parse(r.GetString(1)),
            cancellationToken,
            ("since", since.ToString()));

    public static async Task<List<(long A, long B)>> ExclusionsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT participant_a, participant_b FROM exclusions ORDER BY participant_a, participant_b", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new List<(long, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return pairs;
    }

    public static string ExclusionsJson(IEnumerable<(long A, long B)> pairs) => JsonSerializer.Serialize(pairs.Select(p => new[] { p.A, p.B }));

    public static List<(long A, long B)> ParseExclusions(string json) =>
        (JsonSerializer.Deserialize<long[][]>(json) ?? []).Select(p => (p[0], p[1])).ToList();

    public static async Task<List<IReadOnlyList<long>>> GroupsAsync(DbConnection connection, long roundId, CancellationToken cancellationToken) =>
        [.. (await ReadGroupsAsync(connection, roundId, null, cancellationToken)).Select(g => (IReadOnlyList<long>)g.Members)];

    /// <summary>The round's groups (only those numbered <paramref name="numbers"/>, if given) in number order.</summary>
    private static async Task<List<(int Number, List<long> Members)>> ReadGroupsAsync(DbConnection connection, long roundId, IReadOnlyCollection<int>? numbers, CancellationToken cancellationToken)
    {
        (string Sql, (string, object?)[] Parameters) filter = ("", []);
        if (numbers is not null)
        {
            var (oneOf, parameter) = connection.OneOf("g.group_number", "groups", numbers.Select(n => (long)n));
            filter = (" AND " + oneOf, [parameter]);
        }

        // The arranger is listed first, as the engine listed them; the others in id order.
        await using var command = connection.Command(
            $"""
            SELECT g.group_number, m.participant_id
            FROM round_groups g JOIN group_members m ON m.round_id = g.round_id AND m.group_number = g.group_number
            WHERE g.round_id = @round{filter.Sql}
            ORDER BY g.group_number, CASE WHEN m.participant_id = g.arranger_id THEN 0 ELSE 1 END, m.participant_id
            """,
            null,
            [("round", roundId), .. filter.Parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<(int Number, List<long> Members)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var number = reader.GetInt32(0);
            if (groups.Count == 0 || groups[^1].Number != number)
            {
                groups.Add((number, new List<long>(3)));
            }

            groups[^1].Members.Add(reader.GetInt64(1));
        }

        return groups;
    }

    public sealed record StoredOutcome(long ParticipantId, RoundOutcome Outcome, string Reason, string? PairingOrganisation, int? LastSatOutRound);

    public static async Task<List<StoredOutcome>> OutcomesAsync(DbConnection connection, long roundId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT participant_id, outcome, reason, pairing_organisation, last_sat_out_round FROM round_outcomes WHERE round_id = @round ORDER BY participant_id",
            null,
            ("round", roundId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var outcomes = new List<StoredOutcome>();
        while (await reader.ReadAsync(cancellationToken))
        {
            outcomes.Add(new StoredOutcome(
                reader.GetInt64(0),
                RoundOutcomes.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.NullableString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4)));
        }

        return outcomes;
    }

    /// <summary>How each person with an outcome in the round is named in organisers' output: their email, or a mark for an erased person.</summary>
    public static async Task<Dictionary<long, string>> LabelsAsync(DbConnection connection, long roundId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT p.id, p.email, p.public_id FROM participants p JOIN round_outcomes o ON o.participant_id = p.id WHERE o.round_id = @round",
            null,
            ("round", roundId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var labels = new Dictionary<long, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            labels[reader.GetInt64(0)] = reader.NullableString(1) ?? "erased:" + reader.GetString(2);
        }

        return labels;
    }

    private static async Task<Dictionary<long, T>> MapAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, int beforeRound, Func<DbDataReader, T> value, CancellationToken cancellationToken, params (string, object?)[] more)
    {
        await using var command = connection.Command(sql, transaction, [("before", beforeRound), .. more]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var map = new Dictionary<long, T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            map[reader.GetInt64(0)] = value(reader);
        }

        return map;
    }

    private static StoredRound ReadRound(DbDataReader r) => new(
        r.GetInt64(0),
        Period.Parse(r.GetString(1)),
        r.GetInt32(2),
        r.GetFieldValue<DateOnly>(3),
        unchecked((ulong)r.GetInt64(4)),
        r.GetInt32(5),
        r.GetString(6),
        r.GetString(7),
        r.Utc(8));

    internal static PairingParticipant EngineInput(Participant p, int? lastSatOut) =>
        new(RoundIds.Format(p.Id), p.Organisation, p.Email, lastSatOut);
}
