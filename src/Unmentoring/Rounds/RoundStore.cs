using System.Data.Common;
using System.Text.Json;
using Dapper;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>A round as stored: its period, number, date, seed, rules version, status and the exclusions it used.</summary>
internal sealed record StoredRound(long Id, Period Period, int RoundNumber, DateOnly RoundDate, ulong Seed, int RulesVersion, string Status, string Exclusions, DateTime PlannedAt);

/// <summary>One participant's stored outcome, with what the engine was given about them (for a replay).</summary>
internal sealed record StoredOutcome(long ParticipantId, RoundOutcome Outcome, string Reason, string? PairingOrganisation, int? LastSatOutRound);

/// <summary>
/// The SQL of a round's own rows: the round, its groups and memberships, one outcome per participant and its
/// email rows, written in the caller's transaction (many rows by <see cref="BulkInsert"/>), and read back
/// for reports and for the dispatcher's renderer. What a plan reads about earlier rounds is <see cref="RoundHistory"/>'s.
/// </summary>
internal sealed class RoundStore(Database database, TimeProvider time)
{
    private const string SelectRound = "SELECT id, period, round_number, round_date, seed, rules_version, status, exclusions, planned_at FROM rounds";

    public async Task<StoredRound?> FindAsync(Period period, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return (await session.QuerySingleOrDefaultAsync<RoundRow>($"{SelectRound} WHERE period = @period", new { period = period.ToString() }))?.ToRound();
    }

    public async Task<StoredRound?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return (await session.QuerySingleOrDefaultAsync<RoundRow>($"{SelectRound} WHERE id = @id", new { id }))?.ToRound();
    }

    /// <summary>Every round, latest first, for the organisers' list.</summary>
    public async Task<IReadOnlyList<StoredRound>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return (await session.QueryAsync<RoundRow>($"{SelectRound} ORDER BY round_number DESC")).Select(r => r.ToRound()).ToList();
    }

    /// <summary>The latest period that has a round, if any.</summary>
    public async Task<(Period Period, int RoundNumber)?> LatestAsync(DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var latest = await session.QuerySingleOrDefaultAsync<RoundRow>($"{SelectRound} ORDER BY round_number DESC LIMIT 1");
        return latest is null ? null : (Period.Parse(latest.Period), latest.RoundNumber);
    }

    /// <summary>Adds the round's own row (held for approval or approved at once); returns its id.</summary>
    public async Task<long> AddAsync(RoundPlan plan, bool held, DateTime now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ScalarAsync<long>(
            """
            INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, exclusions, planned_at)
            VALUES (@period, @number, @seed, @rules, @status, @date, @exclusions, @now)
            RETURNING id
            """,
            new
            {
                period = plan.Period.ToString(),
                number = plan.RoundNumber,
                seed = unchecked((long)plan.Seed),
                rules = plan.Rules.Version,
                status = held ? "planned" : "approved",
                date = plan.RoundDate,
                exclusions = ExclusionsJson(plan.Exclusions),
                now,
            });
    }

    /// <summary>The plan's groups, numbered from 1 in the engine's order, each with its arranger.</summary>
    public Task<int> AddGroupsAsync(long roundId, RoundPlan plan, DbTransaction transaction, CancellationToken cancellationToken) =>
        database.BulkInsertAsync(transaction, "round_groups", ["round_id", "group_number", "arranger_id"], plan.Groups.Select((g, i) => new object?[] { roundId, i + 1, g[0] }), cancellationToken);

    /// <summary>
    /// Every member of every group. They go in in participant order, as the outcomes do: their keys (round,
    /// participant) and the index of everyone's memberships then grow page by page instead of at random.
    /// </summary>
    public Task<int> AddMembersAsync(long roundId, RoundPlan plan, DbTransaction transaction, CancellationToken cancellationToken) =>
        database.BulkInsertAsync(
            transaction,
            "group_members",
            ["round_id", "group_number", "participant_id"],
            plan.Groups.SelectMany((g, i) => g.Select(p => (Group: i + 1, Participant: p))).OrderBy(m => m.Participant).Select(m => new object?[] { roundId, m.Group, m.Participant }),
            cancellationToken);

    /// <summary>One outcome per participant, with what the engine was given about them, so the round can be replayed.</summary>
    public Task<int> AddOutcomesAsync(long roundId, RoundPlan plan, DbTransaction transaction, CancellationToken cancellationToken) =>
        database.BulkInsertAsync(
            transaction,
            "round_outcomes",
            ["round_id", "participant_id", "outcome", "reason", "pairing_organisation", "last_sat_out_round"],
            plan.Outcomes.OrderBy(o => o.ParticipantId).Select(o =>
            {
                var input = plan.EngineInputs.GetValueOrDefault(o.ParticipantId);
                return new object?[] { roundId, o.ParticipantId, o.Outcome.ToCode(), o.Reason, input?.Organisation, input?.LastSatOutRound };
            }),
            cancellationToken);

    /// <summary>
    /// A row per email, without content: the dispatcher renders each when it sends it (docs/adr/0011). In a
    /// fixed order: each group's members in turn, then who sat out, then who could not be matched.
    /// </summary>
    public Task<int> AddEmailsAsync(long roundId, RoundPlan plan, bool held, DateTime now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>(plan.Engine.Stats.Participants);
        for (var i = 0; i < plan.Groups.Count; i++)
        {
            foreach (var member in plan.Groups[i])
            {
                rows.Add(OutboxStore.RoundEmailRow(roundId, EmailKind.Introduction, member, i + 1, held, now));
            }
        }

        rows.AddRange(plan.Engine.SatOut.Select(s => OutboxStore.RoundEmailRow(roundId, EmailKind.SatOut, RoundIds.Parse(s.Id), null, held, now)));
        rows.AddRange(plan.Engine.Unmatched.Select(u => OutboxStore.RoundEmailRow(roundId, EmailKind.Unmatched, RoundIds.Parse(u.Id), null, held, now)));
        return database.BulkInsertAsync(transaction, "outbox_messages", OutboxStore.RoundEmailColumns, rows, cancellationToken);
    }

    /// <summary>Marks a held round approved by <paramref name="actor"/>; false when it was not held (any more).</summary>
    public async Task<bool> ApproveAsync(long roundId, string actor, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ExecuteAsync(
            "UPDATE rounds SET status = 'approved', approved_at = @now, approved_by = @actor WHERE id = @roundId AND status = 'planned'",
            new { now = time.StorageNow(), actor, roundId }) == 1;
    }

    /// <summary>
    /// A large round is a large share of the tables it wrote. Until autovacuum gets to them, the dispatcher's
    /// queries for its emails would be planned from statistics that have never seen it, so badly that a
    /// look-up of one batch's groups reads the whole round. PostgreSQL only: SQLite plans without them.
    /// </summary>
    public async Task RefreshStatisticsAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await using var session = await database.SessionAsync(null, cancellationToken);
            await session.ExecuteAsync("ANALYZE group_members, round_groups, outbox_messages");
        }
    }

    public async Task<List<IReadOnlyList<long>>> GroupsAsync(long roundId, CancellationToken cancellationToken = default) =>
        [.. (await ReadGroupsAsync(roundId, null, cancellationToken)).Select(g => (IReadOnlyList<long>)g.Members)];

    /// <summary>
    /// The members of the round's groups with these numbers, listed as <see cref="GroupsAsync"/> lists them.
    /// Each group is read by its key, so a batch costs an index look-up per group whatever the size of the round.
    /// </summary>
    public async Task<Dictionary<int, List<long>>> GroupsByNumberAsync(long roundId, IReadOnlyCollection<int> groupNumbers, CancellationToken cancellationToken = default) =>
        groupNumbers.Count == 0
            ? []
            : (await ReadGroupsAsync(roundId, groupNumbers, cancellationToken)).ToDictionary(g => g.Number, g => g.Members);

    /// <summary>The stored reason for each of <paramref name="participantIds"/> in one round.</summary>
    public async Task<Dictionary<long, string>> ReasonsAsync(long roundId, IReadOnlyCollection<long> participantIds, CancellationToken cancellationToken = default)
    {
        if (participantIds.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { roundId });
        var oneOf = database.OneOf("participant_id", "ids", participantIds, parameters);
        await using var session = await database.SessionAsync(null, cancellationToken);
        return (await session.QueryAsync<OutcomeRow>($"SELECT participant_id, reason FROM round_outcomes WHERE round_id = @roundId AND {oneOf}", parameters))
            .ToDictionary(r => r.ParticipantId, r => r.Reason);
    }

    public async Task<List<StoredOutcome>> OutcomesAsync(long roundId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<OutcomeRow>(
            "SELECT participant_id, outcome, reason, pairing_organisation, last_sat_out_round FROM round_outcomes WHERE round_id = @roundId ORDER BY participant_id",
            new { roundId });
        return rows.Select(r => new StoredOutcome(r.ParticipantId, RoundOutcomes.Parse(r.Outcome), r.Reason, r.PairingOrganisation, r.LastSatOutRound)).ToList();
    }

    /// <summary>How each person with an outcome in the round is named in organisers' output: their email, or a mark for an erased person.</summary>
    public async Task<Dictionary<long, string>> LabelsAsync(long roundId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<PersonLabelRow>(
            "SELECT p.id, p.email, p.public_id FROM participants p JOIN round_outcomes o ON o.participant_id = p.id WHERE o.round_id = @roundId",
            new { roundId });
        return rows.ToDictionary(r => r.Id, r => r.Label);
    }

    public static string ExclusionsJson(IEnumerable<(long A, long B)> pairs) => JsonSerializer.Serialize(pairs.Select(p => new[] { p.A, p.B }));

    public static List<(long A, long B)> ParseExclusions(string json) =>
        (JsonSerializer.Deserialize<long[][]>(json) ?? []).Select(p => (p[0], p[1])).ToList();

    /// <summary>The round's groups (only those numbered <paramref name="numbers"/>, if given) in number order.</summary>
    private async Task<List<(int Number, List<long> Members)>> ReadGroupsAsync(long roundId, IReadOnlyCollection<int>? numbers, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { roundId });
        var filter = numbers is null ? "" : " AND " + database.OneOf("g.group_number", "groups", numbers.Select(n => (long)n), parameters);

        // The arranger is listed first, as the engine listed them; the others in id order.
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<MemberRow>(
            $"""
            SELECT g.group_number, m.participant_id
            FROM round_groups g JOIN group_members m ON m.round_id = g.round_id AND m.group_number = g.group_number
            WHERE g.round_id = @roundId{filter}
            ORDER BY g.group_number, CASE WHEN m.participant_id = g.arranger_id THEN 0 ELSE 1 END, m.participant_id
            """,
            parameters);
        var groups = new List<(int Number, List<long> Members)>();
        foreach (var row in rows)
        {
            if (groups.Count == 0 || groups[^1].Number != row.GroupNumber)
            {
                groups.Add((row.GroupNumber, new List<long>(3)));
            }

            groups[^1].Members.Add(row.ParticipantId);
        }

        return groups;
    }

    private sealed class RoundRow
    {
        public long Id { get; set; }

        public string Period { get; set; } = "";

        public int RoundNumber { get; set; }

        public DateOnly RoundDate { get; set; }

        public long Seed { get; set; }

        public int RulesVersion { get; set; }

        public string Status { get; set; } = "";

        public string Exclusions { get; set; } = "[]";

        public DateTime PlannedAt { get; set; }

        public StoredRound ToRound() =>
            new(Id, Rounds.Period.Parse(Period), RoundNumber, RoundDate, unchecked((ulong)Seed), RulesVersion, Status, Exclusions, PlannedAt);
    }

    private sealed class OutcomeRow
    {
        public long ParticipantId { get; set; }

        public string Outcome { get; set; } = "";

        public string Reason { get; set; } = "";

        public string? PairingOrganisation { get; set; }

        public int? LastSatOutRound { get; set; }
    }

    private sealed class MemberRow
    {
        public int GroupNumber { get; set; }

        public long ParticipantId { get; set; }
    }
}
