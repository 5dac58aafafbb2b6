using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>One person's line on the organisers' round page: their group, outcome and reason, and their introduction's delivery.</summary>
internal sealed class RoundPersonRow
{
    public long ParticipantId { get; set; }

    public string? Email { get; set; }

    public string? Name { get; set; }

    public string PublicId { get; set; } = "";

    public int? GroupNumber { get; set; }

    public string Outcome { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary>The state of the newest email the round queued for them, or null when it queued none.</summary>
    public string? EmailState { get; set; }

    public string? EmailKind { get; set; }

    /// <summary>How the pages name someone: their address, or "erased:" and their public id once erased.</summary>
    public string Label => PersonLabel.Of(Email, PublicId);
}

/// <summary>What the round page asks for: an outcome (or any), text found in an address or name (or any), and a page.</summary>
internal sealed record RoundPeopleQuery(string? Outcome, string? Who, int Page, int PageSize = RoundPeopleQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 100;

    public int Offset => (Math.Max(Page, 1) - 1) * PageSize;
}

/// <summary>
/// The organisers' round page reads a round a page at a time, so it stays quick when the round has 100,000
/// people: counts by outcome and by email state, one page of people in group order, and a person found by
/// address for the page's forms. Nothing here loads the whole round.
/// </summary>
internal sealed class RoundPeopleStore(Database database)
{
    public async Task<Dictionary<string, int>> OutcomeCountsAsync(long roundId, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<CountRow>(
            "SELECT outcome AS name, count(*) AS count FROM round_outcomes WHERE round_id = @roundId GROUP BY outcome",
            new { roundId });
        return rows.ToDictionary(r => r.Name, r => (int)r.Count);
    }

    /// <summary>
    /// The condition that picks out those paired again with someone they had met, as the partial index
    /// <c>round_outcomes_repeats</c> names it: the reason is written into the statement, not passed as a value,
    /// because SQLite uses a partial index only when the query names its condition.
    /// </summary>
    internal const string RepeatCondition = "outcome = 'paired' AND reason = '" + Pairing.Reasons.PairedWithRepeat + "'";

    /// <summary>How many were paired with someone they had met within the repeat window (the rules allowed it).</summary>
    public async Task<int> RepeatCountAsync(long roundId, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return (int)await session.ScalarAsync<long>($"SELECT count(*) FROM round_outcomes WHERE round_id = @roundId AND {RepeatCondition}", new { roundId });
    }

    public async Task<Dictionary<string, int>> EmailCountsAsync(long roundId, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<CountRow>(
            "SELECT state AS name, count(*) AS count FROM outbox_messages WHERE round_id = @roundId GROUP BY state",
            new { roundId });
        return rows.ToDictionary(r => r.Name, r => (int)r.Count);
    }

    /// <summary>One page of the round's people, grouped people first in group order, and how many match in all.</summary>
    public async Task<(IReadOnlyList<RoundPersonRow> People, int Total)> PageAsync(long roundId, RoundPeopleQuery query, CancellationToken cancellationToken)
    {
        // Only a search by address or name needs the participants' rows; otherwise every outcome is someone's
        // (a foreign key), so the filter and the count stay within the round's outcomes and their index.
        var person = query.Who is null ? "" : " JOIN participants p ON p.id = o.participant_id";
        var filter = "o.round_id = @roundId"
            + (query.Outcome is null ? "" : " AND o.outcome = @outcome")
            + (query.Who is null ? "" : " AND (lower(p.email) LIKE @who ESCAPE '\\' OR lower(p.name) LIKE @who ESCAPE '\\')");
        var who = query.Who is null ? null : "%" + EscapeLike(query.Who.Trim().ToLowerInvariant()) + "%";
        await using var session = await database.SessionAsync(null, cancellationToken);
        var total = (int)await session.ScalarAsync<long>($"SELECT count(*) FROM round_outcomes o{person} WHERE {filter}", new { roundId, outcome = query.Outcome, who });

        // The order is the group members in group order, then everyone without a group. Each part is read in its
        // own index's order, and the second only when the page reaches past the first, instead of sorting the
        // whole round for one page.
        var grouped = $"""
            SELECT m.group_number, m.participant_id
            FROM group_members m
            JOIN round_outcomes o ON o.round_id = m.round_id AND o.participant_id = m.participant_id{person}
            WHERE m.round_id = @roundId AND {filter}
            """;
        var people = await PeopleAsync(
            session,
            $"{grouped} ORDER BY m.group_number, m.participant_id LIMIT @take OFFSET @skip",
            new { roundId, outcome = query.Outcome, who, take = query.PageSize, skip = query.Offset });
        if (people.Count < query.PageSize)
        {
            // Where the people without a group start: just after the group members this page ended with, or,
            // when the page lies wholly beyond them, after however many there are.
            var groupedCount = people.Count > 0 || query.Offset == 0
                ? query.Offset + people.Count
                : (int)await session.ScalarAsync<long>($"SELECT count(*) FROM ({grouped}) members", new { roundId, outcome = query.Outcome, who });
            people.AddRange(await PeopleAsync(
                session,
                $"""
                SELECT CAST(NULL AS integer) AS group_number, o.participant_id
                FROM round_outcomes o{person}
                WHERE {filter}
                  AND NOT EXISTS (SELECT 1 FROM group_members m WHERE m.round_id = o.round_id AND m.participant_id = o.participant_id)
                ORDER BY o.participant_id LIMIT @take OFFSET @skip
                """,
                new { roundId, outcome = query.Outcome, who, take = query.PageSize - people.Count, skip = Math.Max(0, query.Offset - groupedCount) }));
        }

        return (people, total);
    }

    /// <summary>The people a part of the page names (by group number and participant), with their outcome and the newest email of the round to each (an introduction sent again is newer).</summary>
    private static Task<List<RoundPersonRow>> PeopleAsync(DbSession session, string part, object parameters) =>
        session.QueryAsync<RoundPersonRow>(
            $"""
            SELECT part.participant_id, p.email, p.name, p.public_id, part.group_number, o.outcome, o.reason, e.state AS email_state, e.kind AS email_kind
            FROM ({part}) part
            JOIN round_outcomes o ON o.round_id = @roundId AND o.participant_id = part.participant_id
            JOIN participants p ON p.id = part.participant_id
            LEFT JOIN outbox_messages e ON e.id = (
                SELECT max(x.id) FROM outbox_messages x WHERE x.round_id = @roundId AND x.participant_id = part.participant_id)
            ORDER BY part.group_number, part.participant_id
            """,
            parameters);

    /// <summary>The participant of the round with this address (any case), or null.</summary>
    public async Task<long?> FindByEmailAsync(long roundId, string email, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ScalarAsync<long?>(
            """
            SELECT o.participant_id FROM participants p JOIN round_outcomes o ON o.participant_id = p.id AND o.round_id = @roundId
            WHERE lower(p.email) = @email
            """,
            new { roundId, email = email.Trim().ToLowerInvariant() });
    }

    /// <summary>How many groups the round has.</summary>
    public async Task<int> GroupCountAsync(long roundId, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return (int)await session.ScalarAsync<long>("SELECT count(*) FROM round_groups WHERE round_id = @roundId", new { roundId });
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class CountRow
    {
        public string Name { get; set; } = "";

        public long Count { get; set; }
    }
}
