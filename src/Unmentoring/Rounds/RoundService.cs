using System.Data.Common;
using System.Security.Cryptography;
using Unmentoring.Mail;
using Unmentoring.Pairing;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>
/// Plans and commits one round for a period: load (everyone confirmed, the history in the repeat window,
/// exclusions, the current rules), decide who takes part, call the pure pairing engine, then write the
/// round, its groups, one outcome per participant and every email in ONE transaction. The period is unique
/// in the database, so a second run (another thread, another instance, a Quartz recovery) finds the round
/// already there and reports it instead of making a second one.
/// </summary>
internal sealed class RoundService(
    Database database,
    ParticipantStore participants,
    RulesStore rules,
    TimeProvider time,
    ILogger<RoundService> logger)
{
    /// <summary>The steps of <see cref="RunAsync"/>, named so tests can inject a crash between any two.</summary>
    internal static readonly string[] Steps = ["planned", "round", "groups", "members", "outcomes", "emails", "audit"];

    /// <summary>Called after each step inside the transaction; tests throw from it to simulate a crash.</summary>
    internal Func<string, Task>? AfterStep { get; set; }

    /// <summary>Works out the round for <paramref name="period"/> without writing anything.</summary>
    public async Task<RoundPlan> PreviewAsync(Period period, DateOnly? roundDate = null, ulong? seed = null, CancellationToken cancellationToken = default)
    {
        var current = await rules.CurrentAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var number = await RoundNumberAsync(connection, null, period, cancellationToken);
        return await PlanAsync(connection, null, period, number, roundDate ?? DefaultRoundDate(period), seed ?? NewSeed(), current, cancellationToken);
    }

    /// <summary>
    /// Plans and commits the round for <paramref name="period"/>, or reports the one already there.
    /// </summary>
    public async Task<RoundRunResult> RunAsync(Period period, DateOnly? roundDate = null, string actor = "system", CancellationToken cancellationToken = default)
    {
        var laps = new Laps();
        var current = await rules.CurrentAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        RoundPlan plan;
        long roundId;
        int emails;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (await RoundStore.FindAsync(connection, transaction, period, cancellationToken) is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new RoundRunResult(false, (await ShowAsync(period, cancellationToken))!, 0);
            }

            var number = await RoundNumberAsync(connection, transaction, period, cancellationToken);
            plan = await PlanAsync(connection, transaction, period, number, roundDate ?? DefaultRoundDate(period), NewSeed(), current, cancellationToken, laps);
            await StepAsync("planned", laps);
            try
            {
                (roundId, emails) = await WriteAsync(connection, transaction, plan, actor, laps, cancellationToken);
            }
            catch (DbException ex) when (ParticipantStore.IsUniqueViolation(ex))
            {
                // Another instance committed this period between our check and our insert.
                await transaction.RollbackAsync(CancellationToken.None);
                logger.LogInformation("The {Period} round was planned by another instance", period);
                return new RoundRunResult(false, (await ShowAsync(period, cancellationToken))!, 0);
            }

            await transaction.CommitAsync(cancellationToken);
            laps.Lap("committed");
        }

        if (database.Provider == DatabaseProvider.Postgres)
        {
            // A large round is a large share of these tables. Until autovacuum gets to them, the dispatcher's
            // queries for this round's emails would be planned from statistics that have never seen it (with
            // 100,000 new memberships, a look-up of 50 people's groups took 0.8 s instead of 0.4 ms).
            await connection.ExecuteAsync("ANALYZE group_members, round_groups, outbox_messages", null, cancellationToken);
            laps.Lap("analysed");
        }

        logger.LogInformation(
            "Planned the {Period} round (id {RoundId}): {Groups} groups, {SatOut} sat out, {Unmatched} unmatched, {Emails} emails queued{Held}; took {Laps} (engine {EngineMs:0} ms)",
            period,
            roundId,
            plan.Engine.Groups.Count,
            plan.Engine.SatOut.Count,
            plan.Engine.Unmatched.Count,
            emails,
            plan.Rules.Rules.RequireApproval ? ", held for approval" : "",
            laps,
            plan.Engine.Stats.Elapsed.TotalMilliseconds);
        return new RoundRunResult(true, Report(plan, roundId, held: plan.Rules.Rules.RequireApproval), emails);
    }

    /// <summary>The report of a round just written, from the plan in memory rather than read back.</summary>
    private RoundReport Report(RoundPlan plan, long roundId, bool held) => new(
        roundId,
        plan.Period,
        plan.RoundNumber,
        plan.RoundDate,
        plan.Seed,
        plan.Rules.Version,
        held ? "planned" : "approved",
        time.StorageNow(),
        plan.Groups,
        plan.Outcomes,
        plan.Engine.Repeats.Select(r => (Math.Min(RoundIds.Parse(r.A), RoundIds.Parse(r.B)), Math.Max(RoundIds.Parse(r.A), RoundIds.Parse(r.B)), r.LastRound)).ToList(),
        plan.People.ToDictionary(p => p.Key, p => p.Value.Email ?? "erased:" + p.Value.PublicId));

    /// <summary>Releases a held round's emails. Returns false when there is no such round.</summary>
    public async Task<(bool Found, bool WasHeld, int Released)> ApproveAsync(Period period, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var round = await RoundStore.FindAsync(connection, transaction, period, cancellationToken);
        if (round is null)
        {
            return (false, false, 0);
        }

        if (round.Status != "planned")
        {
            await transaction.RollbackAsync(cancellationToken);
            return (true, false, 0);
        }

        var now = time.StorageNow();
        await connection.ExecuteAsync(
            "UPDATE rounds SET status = 'approved', approved_at = @now, approved_by = @by WHERE id = @id AND status = 'planned'",
            transaction,
            cancellationToken,
            ("now", now),
            ("by", actor),
            ("id", round.Id));
        var released = await OutboxStore.ReleaseRoundAsync(connection, transaction, round.Id, now, cancellationToken);
        await AuditAsync(connection, transaction, actor, "round.approved", period, $"{released} emails released", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, true, released);
    }

    /// <summary>A stored round with every participant's outcome and reason, or null.</summary>
    public async Task<RoundReport?> ShowAsync(Period period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var round = await RoundStore.FindAsync(connection, null, period, cancellationToken);
        if (round is null)
        {
            return null;
        }

        var groups = await RoundStore.GroupsAsync(connection, round.Id, cancellationToken);
        var outcomes = await RoundStore.OutcomesAsync(connection, round.Id, cancellationToken);
        var window = (await rules.FindAsync(round.RulesVersion, cancellationToken))?.Rules.RepeatWindowRounds ?? 0;
        var earlier = await RoundStore.MeetingsAsync(connection, null, round.RoundNumber - window, round.RoundNumber, cancellationToken);
        var lastMet = new Dictionary<(long, long), int>();
        foreach (var (a, b, number) in earlier)
        {
            var key = a < b ? (a, b) : (b, a);
            lastMet[key] = Math.Max(lastMet.GetValueOrDefault(key), number);
        }

        var repeats = new List<(long, long, int)>();
        foreach (var group in groups)
        {
            for (var i = 0; i < group.Count; i++)
            {
                for (var j = i + 1; j < group.Count; j++)
                {
                    var key = group[i] < group[j] ? (group[i], group[j]) : (group[j], group[i]);
                    if (lastMet.TryGetValue(key, out var last))
                    {
                        repeats.Add((key.Item1, key.Item2, last));
                    }
                }
            }
        }

        var labels = await RoundStore.LabelsAsync(connection, round.Id, cancellationToken);
        return new RoundReport(
            round.Id,
            round.Period,
            round.RoundNumber,
            round.RoundDate,
            round.Seed,
            round.RulesVersion,
            round.Status,
            round.PlannedAt,
            groups,
            outcomes.Select(o => new PlannedOutcome(o.ParticipantId, o.Outcome, o.Reason)).ToList(),
            repeats,
            labels);
    }

    /// <summary>
    /// Recomputes a stored round from what it recorded (who was given to the engine, with the organisation
    /// and last sit-out it saw; the exclusions then in force; the history before it; its rules version and
    /// seed) and lists every difference from what was stored.
    /// </summary>
    public async Task<ReplayResult?> ReplayAsync(Period period, CancellationToken cancellationToken = default)
    {
        var stored = await ShowAsync(period, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var round = (await RoundStore.FindAsync(connection, null, period, cancellationToken))!;
        var version = await rules.FindAsync(round.RulesVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Rules version {round.RulesVersion} of the {period} round is missing.");
        var outcomes = await RoundStore.OutcomesAsync(connection, round.Id, cancellationToken);
        var inputs = outcomes
            .Where(o => o.Outcome is RoundOutcome.Paired or RoundOutcome.SatOut or RoundOutcome.Unmatched)
            .Select(o => new PairingParticipant(RoundIds.Format(o.ParticipantId), o.PairingOrganisation, null, o.LastSatOutRound))
            .ToList();
        var engine = Plan(
            inputs,
            await RoundStore.MeetingsAsync(connection, null, round.RoundNumber - version.Rules.RepeatWindowRounds, round.RoundNumber, cancellationToken),
            RoundStore.ParseExclusions(round.Exclusions),
            version.Rules,
            round.RoundNumber,
            round.Seed);
        var recomputed = new RoundPlan(
            period,
            round.RoundNumber,
            round.RoundDate,
            round.Seed,
            version,
            engine,
            new Dictionary<long, Participant>(),
            EngineOutcomes(engine).Concat(outcomes.Where(o => o.Outcome is not (RoundOutcome.Paired or RoundOutcome.SatOut or RoundOutcome.Unmatched)).Select(o => new PlannedOutcome(o.ParticipantId, o.Outcome, o.Reason))).ToList(),
            RoundStore.ParseExclusions(round.Exclusions),
            inputs.ToDictionary(i => RoundIds.Parse(i.Id)));

        var differences = new List<string>();
        // A group is its arranger and the set of the others.
        static string Key(IReadOnlyList<long> g) => string.Join(",", g.Take(1).Concat(g.Skip(1).Order()));
        var storedGroups = stored.Groups.Select(Key).Order(StringComparer.Ordinal).ToList();
        var newGroups = recomputed.Groups.Select(Key).Order(StringComparer.Ordinal).ToList();
        differences.AddRange(storedGroups.Except(newGroups).Select(g => $"stored group {Describe(g, stored.Labels)} is not in the recomputed plan"));
        differences.AddRange(newGroups.Except(storedGroups).Select(g => $"recomputed group {Describe(g, stored.Labels)} was not stored"));
        var storedOutcomes = stored.Outcomes.ToDictionary(o => o.ParticipantId);
        foreach (var outcome in recomputed.Outcomes)
        {
            if (!storedOutcomes.TryGetValue(outcome.ParticipantId, out var was))
            {
                differences.Add($"{stored.Labels.GetValueOrDefault(outcome.ParticipantId)} has no stored outcome");
            }
            else if (was.Outcome != outcome.Outcome || was.Reason != outcome.Reason)
            {
                differences.Add($"{stored.Labels.GetValueOrDefault(outcome.ParticipantId)}: stored {was.Outcome.ToCode()} ({was.Reason}), recomputed {outcome.Outcome.ToCode()} ({outcome.Reason})");
            }
        }

        return new ReplayResult(stored, recomputed, differences);
    }

    /// <summary>The day a round run now for <paramref name="period"/> is judged on: today if within it, else its nearest end.</summary>
    public DateOnly DefaultRoundDate(Period period)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return today < period.FirstDay ? period.FirstDay : today > period.LastDay ? period.LastDay : today;
    }

    internal static ulong NewSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    internal static PairingRules EngineRules(SchemeRules rules) => new(
        rules.RepeatWindowRounds,
        rules.AvoidSameOrganisation,
        rules.OddPolicy == "sitOut" ? OddPolicy.SitOut : OddPolicy.Trio,
        rules.RelaxRepeats);

    /// <summary>Rounds are numbered in order of their periods; a round before the latest one cannot be added.</summary>
    private static async Task<int> RoundNumberAsync(DbConnection connection, DbTransaction? transaction, Period period, CancellationToken cancellationToken)
    {
        var latest = await RoundStore.LatestAsync(connection, transaction, cancellationToken);
        if (latest is { } l && l.Period > period)
        {
            throw new RoundOrderException($"The {l.Period} round already exists; rounds go forward in time, so {period} cannot be planned now.");
        }

        return (latest?.RoundNumber ?? 0) + 1;
    }

    private async Task<RoundPlan> PlanAsync(DbConnection connection, DbTransaction? transaction, Period period, int number, DateOnly roundDate, ulong seed, RulesVersion version, CancellationToken cancellationToken, Laps? laps = null)
    {
        var people = await participants.ListConfirmedAsync(connection, transaction, cancellationToken);
        laps?.Lap("people");
        var lastPaired = await RoundStore.LastPairedAsync(connection, transaction, period.AddMonths(-ParticipantCodes.LongestCadenceMonths), number, cancellationToken);
        var lastSatOut = await RoundStore.LastSatOutAsync(connection, transaction, number, cancellationToken);
        var exclusions = await RoundStore.ExclusionsAsync(connection, transaction, cancellationToken);
        var history = await RoundStore.MeetingsAsync(connection, transaction, number - version.Rules.RepeatWindowRounds, number, cancellationToken);
        laps?.Lap("history");

        var outcomes = new List<PlannedOutcome>();
        var inputs = new List<PairingParticipant>();
        foreach (var person in people)
        {
            var last = lastPaired.TryGetValue(person.Id, out var p) ? p : (Period?)null;
            if (RoundOutcomes.NotTakingPart(person, period, roundDate, last) is { } left)
            {
                outcomes.Add(new PlannedOutcome(person.Id, left.Outcome, left.Reason));
            }
            else
            {
                inputs.Add(RoundStore.EngineInput(person, lastSatOut.TryGetValue(person.Id, out var s) ? s : null));
            }
        }

        var engine = Plan(inputs, history, exclusions, version.Rules, number, seed);
        outcomes.InsertRange(0, EngineOutcomes(engine));
        var byId = people.ToDictionary(p => p.Id);
        return new RoundPlan(period, number, roundDate, seed, version, engine, byId, outcomes, exclusions, inputs.ToDictionary(i => RoundIds.Parse(i.Id)));
    }

    private static PairingPlan Plan(List<PairingParticipant> inputs, List<(long A, long B, int Round)> history, List<(long A, long B)> exclusions, SchemeRules rules, int number, ulong seed)
    {
        var index = new Dictionary<long, int>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            index[RoundIds.Parse(inputs[i].Id)] = i;
        }

        return PairingEngine.Plan(new PairingRequest
        {
            Participants = inputs,
            History = history
                .Where(m => index.ContainsKey(m.A) && index.ContainsKey(m.B))
                .Select(m => new PastMeeting(index[m.A], index[m.B], m.Round))
                .ToList(),
            Exclusions = exclusions
                .Where(x => index.ContainsKey(x.A) && index.ContainsKey(x.B))
                .Select(x => new ExcludedPair(index[x.A], index[x.B]))
                .ToList(),
            Rules = EngineRules(rules),
            Round = number,
            Seed = seed,
        });
    }

    private static IEnumerable<PlannedOutcome> EngineOutcomes(PairingPlan engine) =>
        engine.Outcomes.Select(o => new PlannedOutcome(
            RoundIds.Parse(o.Id),
            o.Outcome switch
            {
                PairingOutcome.Paired => RoundOutcome.Paired,
                PairingOutcome.SatOut => RoundOutcome.SatOut,
                _ => RoundOutcome.Unmatched,
            },
            o.Reason));

    private async Task<(long RoundId, int Emails)> WriteAsync(DbConnection connection, DbTransaction transaction, RoundPlan plan, string actor, Laps laps, CancellationToken cancellationToken)
    {
        var held = plan.Rules.Rules.RequireApproval;
        var now = time.StorageNow();
        var roundId = await connection.ScalarAsync<long>(
            """
            INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, exclusions, planned_at)
            VALUES (@period, @number, @seed, @rules, @status, @date, @exclusions, @now)
            RETURNING id
            """,
            transaction,
            cancellationToken,
            ("period", plan.Period.ToString()),
            ("number", plan.RoundNumber),
            ("seed", unchecked((long)plan.Seed)),
            ("rules", plan.Rules.Version),
            ("status", held ? "planned" : "approved"),
            ("date", plan.RoundDate),
            ("exclusions", RoundStore.ExclusionsJson(plan.Exclusions)),
            ("now", now));
        await StepAsync("round", laps);

        await BulkInsert.WriteAsync(connection, transaction, "round_groups", ["round_id", "group_number", "arranger_id"], plan.Groups.Select((g, i) => new object?[] { roundId, i + 1, g[0] }), cancellationToken);
        await StepAsync("groups", laps);

        // Memberships and outcomes go in in participant order: their keys (round, participant) and the index of
        // everyone's memberships then grow page by page instead of at random (about a third faster at 100,000).
        await BulkInsert.WriteAsync(
            connection,
            transaction,
            "group_members",
            ["round_id", "group_number", "participant_id"],
            plan.Groups.SelectMany((g, i) => g.Select(p => (Group: i + 1, Participant: p))).OrderBy(m => m.Participant).Select(m => new object?[] { roundId, m.Group, m.Participant }),
            cancellationToken);
        await StepAsync("members", laps);

        await BulkInsert.WriteAsync(
            connection,
            transaction,
            "round_outcomes",
            ["round_id", "participant_id", "outcome", "reason", "pairing_organisation", "last_sat_out_round"],
            plan.Outcomes.OrderBy(o => o.ParticipantId).Select(o =>
            {
                var input = plan.EngineInputs.GetValueOrDefault(o.ParticipantId);
                return new object?[] { roundId, o.ParticipantId, o.Outcome.ToCode(), o.Reason, input?.Organisation, input?.LastSatOutRound };
            }),
            cancellationToken);
        await StepAsync("outcomes", laps);

        // A row per email, without content: the dispatcher renders each when it sends it (docs/adr/0011).
        var emails = RoundEmailRows(plan, roundId, held, now);
        await BulkInsert.WriteAsync(connection, transaction, "outbox_messages", OutboxStore.RoundEmailColumns, emails, cancellationToken);
        await StepAsync("emails", laps);

        await AuditAsync(connection, transaction, actor, "round.planned", plan.Period, $"round {plan.RoundNumber}, seed {plan.Seed}, rules version {plan.Rules.Version}, {plan.Engine.Groups.Count} groups", cancellationToken);
        await StepAsync("audit", laps);
        return (roundId, emails.Count);
    }

    /// <summary>
    /// The round's emails in a fixed order: each group's members in turn, then who sat out, then who could
    /// not be matched.
    /// </summary>
    private static List<object?[]> RoundEmailRows(RoundPlan plan, long roundId, bool held, DateTime now)
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
        return rows;
    }

    private static string Describe(string group, IReadOnlyDictionary<long, string> labels) =>
        string.Join(" + ", group.Split(',').Select(id => labels.GetValueOrDefault(RoundIds.Parse(id), id)));

    /// <summary>Marks the end of a step: its time goes in the log line, and a test may crash the round here.</summary>
    private async Task StepAsync(string step, Laps laps)
    {
        laps.Lap(step);
        if (AfterStep is not null)
        {
            await AfterStep(step);
        }
    }

    private Task AuditAsync(DbConnection connection, DbTransaction transaction, string actor, string action, Period period, string detail, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@at, @actor, @action, @subject, @detail)",
            transaction,
            cancellationToken,
            ("at", time.StorageNow()),
            ("actor", actor),
            ("action", action),
            ("subject", $"round {period}"),
            ("detail", detail));
}

/// <summary>Where a round's time went, for the log line an operator reads: "planned 420 ms, groups 35 ms, ...".</summary>
internal sealed class Laps
{
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<string> _laps = [];

    public void Lap(string name)
    {
        _laps.Add($"{name} {_watch.Elapsed.TotalMilliseconds:0} ms");
        _watch.Restart();
    }

    public override string ToString() => string.Join(", ", _laps);
}

/// <summary>A round asked for out of order (a later period already has one).</summary>
internal sealed class RoundOrderException(string message) : Exception(message);
