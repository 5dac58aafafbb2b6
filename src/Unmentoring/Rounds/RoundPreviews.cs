using System.Text.Json.Serialization;
using System.Text.Json;
using Dapper;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>What a kept preview shows: the counts, and the first <see cref="Shown"/> groups and people.</summary>
internal sealed record PreviewSummary(
    int RoundNumber,
    DateOnly RoundDate,
    ulong Seed,
    int RulesVersion,
    IReadOnlyList<PreviewCount> Counts,
    int GroupCount,
    IReadOnlyList<IReadOnlyList<long>> Groups,
    int PeopleCount,
    IReadOnlyList<PlannedOutcome> People)
{
    /// <summary>A plan of 100,000 people would be a page no browser opens quickly; <c>round preview --json</c> gives all of it.</summary>
    public const int Shown = 200;

    public static PreviewSummary Of(RoundPlan plan) => new(
        plan.RoundNumber,
        plan.RoundDate,
        plan.Seed,
        plan.Rules.Version,
        plan.Outcomes.GroupBy(o => o.Outcome).OrderBy(g => g.Key).Select(g => new PreviewCount(g.Key, g.Count())).ToList(),
        plan.Groups.Count,
        plan.Groups.Take(Shown).ToList(),
        plan.Outcomes.Count,
        plan.Outcomes.Take(Shown).ToList());
}

internal sealed record PreviewCount(RoundOutcome Outcome, int Count);

/// <summary>A kept preview, with the addresses of the people it shows as they are now, and why it is out of date (none when it is not).</summary>
internal sealed record KeptPreview(
    Period Period,
    DateTime MadeAt,
    string MadeBy,
    PreviewSummary Plan,
    IReadOnlyDictionary<long, string> Labels,
    IReadOnlyList<string> OutOfDate);

/// <summary>
/// The preview of the next round as a kept action (docs/adr/0037-outbox-counts-and-kept-previews.md): planning
/// 100,000 people takes seconds, so an organiser asks for it (<see cref="MakeAsync"/>) and the page shows the
/// newest one made (<see cref="LatestAsync"/>), saying when and by whom, and plainly whether anything it
/// depended on has changed since. Nothing of a round is written: no round, outcome, pause, email or audit entry.
/// Addresses are not kept with it; they are read when it is shown, so an erasure leaves none behind.
/// </summary>
internal sealed class RoundPreviews(Database database, RoundService rounds, RulesStore rules, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Plans the round of <paramref name="period"/> and keeps what the page shows of it, in place of older previews.</summary>
    public async Task MakeAsync(Period period, string madeBy, CancellationToken cancellationToken)
    {
        // What the plan depends on, read before planning: a change made while it plans shows it out of date.
        var madeAt = time.StorageNow();
        Marks marks;
        await using (var session = await database.SessionAsync(null, cancellationToken))
        {
            marks = await session.QuerySingleOrDefaultAsync<Marks>(MarksQuery) ?? new Marks();
        }

        var plan = await rounds.PreviewAsync(period, cancellationToken: cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var session = await database.SessionAsync(transaction, cancellationToken))
        {
            var id = await session.ScalarAsync<long>(
                """
                INSERT INTO round_previews (period, made_at, made_by, rules_version, latest_round_id, latest_audit_id, exclusions, plan)
                VALUES (@Period, @MadeAt, @MadeBy, @RulesVersion, @LatestRoundId, @LatestAuditId, @Exclusions, @Plan)
                RETURNING id
                """,
                new PreviewRow
                {
                    Period = period.ToString(),
                    MadeAt = madeAt,
                    MadeBy = madeBy,
                    RulesVersion = plan.Rules.Version,
                    LatestRoundId = marks.LatestRoundId,
                    LatestAuditId = marks.LatestAuditId,
                    Exclusions = marks.Exclusions,
                    Plan = JsonSerializer.Serialize(PreviewSummary.Of(plan), Json),
                });
            await session.ExecuteAsync("DELETE FROM round_previews WHERE id < @id", new { id });
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The newest preview made, judged against the round that is next now; null when none has been made.</summary>
    public async Task<KeptPreview?> LatestAsync(Period next, CancellationToken cancellationToken)
    {
        var current = await rules.CurrentAsync(cancellationToken);
        await using var session = await database.SessionAsync(null, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<PreviewRow>("SELECT * FROM round_previews ORDER BY id DESC LIMIT 1");
        if (row is null)
        {
            return null;
        }

        var plan = JsonSerializer.Deserialize<PreviewSummary>(row.Plan, Json)!;
        var shown = plan.Groups.SelectMany(g => g).Concat(plan.People.Select(p => p.ParticipantId)).Distinct().ToList();
        var parameters = new DynamicParameters();
        var labels = (await session.QueryAsync<PersonLabelRow>($"SELECT id, email, public_id FROM participants WHERE {database.OneOf("id", "ids", shown, parameters)}", parameters))
            .ToDictionary(r => r.Id, r => r.Label);

        var changed = (await session.QuerySingleOrDefaultAsync<Changes>(
            """
            SELECT (SELECT max(id) FROM rounds) AS latest_round_id,
                   (SELECT count(*) FROM exclusions) AS exclusions,
                   CASE WHEN EXISTS (SELECT 1 FROM audit_log WHERE id > @latestAuditId AND action IN ('round.moved', 'round.swapped', 'round.approved')) THEN 1 ELSE 0 END AS rounds_changed,
                   CASE WHEN EXISTS (SELECT 1 FROM audit_log WHERE id > @latestAuditId AND action IN ('exclusion.added', 'exclusion.removed')) THEN 1 ELSE 0 END AS exclusions_changed,
                   CASE WHEN EXISTS (SELECT 1 FROM participants WHERE updated_at > @madeAt) THEN 1 ELSE 0 END AS participants_changed,
                   CASE WHEN EXISTS (SELECT 1 FROM feedback WHERE recorded_at > @madeAt) THEN 1 ELSE 0 END AS feedback_given
            """,
            new { latestAuditId = row.LatestAuditId ?? 0, madeAt = row.MadeAt }))!;
        var period = Period.Parse(row.Period);
        var outOfDate = new List<string>();
        if (period != next)
        {
            outOfDate.Add($"it is of the {period.MonthName} round, and the next round is now the {next.MonthName} round");
        }

        if (current.Version != row.RulesVersion)
        {
            outOfDate.Add($"the rules have changed since (version {row.RulesVersion} then, {current.Version} now)");
        }

        if (changed.LatestRoundId != row.LatestRoundId || changed.RoundsChanged != 0)
        {
            outOfDate.Add("a round has been run, changed or approved since");
        }

        if (changed.Exclusions != row.Exclusions || changed.ExclusionsChanged != 0)
        {
            outOfDate.Add("exclusions have been added or removed since");
        }

        if (changed.ParticipantsChanged != 0)
        {
            outOfDate.Add("participants have joined, left or changed their details since");
        }

        if (changed.FeedbackGiven != 0)
        {
            outOfDate.Add("participants have said whether they met since");
        }

        return new KeptPreview(period, row.MadeAt, row.MadeBy, plan, labels, outOfDate);
    }

    private const string MarksQuery =
        "SELECT (SELECT max(id) FROM rounds) AS latest_round_id, (SELECT max(id) FROM audit_log) AS latest_audit_id, (SELECT count(*) FROM exclusions) AS exclusions";

    private sealed class Marks
    {
        public long? LatestRoundId { get; init; }

        public long? LatestAuditId { get; init; }

        public long Exclusions { get; init; }
    }

    private sealed class Changes
    {
        public long? LatestRoundId { get; init; }

        public long Exclusions { get; init; }

        // Numbers, not booleans: SQLite has no boolean type.
        public long RoundsChanged { get; init; }

        public long ExclusionsChanged { get; init; }

        public long ParticipantsChanged { get; init; }

        public long FeedbackGiven { get; init; }
    }

    private sealed class PreviewRow
    {
        public long Id { get; init; }

        public string Period { get; init; } = "";

        public DateTime MadeAt { get; init; }

        public string MadeBy { get; init; } = "";

        public int RulesVersion { get; init; }

        public long? LatestRoundId { get; init; }

        public long? LatestAuditId { get; init; }

        public long Exclusions { get; init; }

        public string Plan { get; init; } = "";
    }
}
