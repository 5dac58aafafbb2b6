using System.Data.Common;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>
/// Plans and commits one round for a period: plan it (<see cref="RoundPlanner"/>), then write the round,
/// its groups, one outcome per participant and every email in ONE transaction. The period is unique in the
/// database, so a second run (another thread, another instance, a Quartz recovery) finds the round already
/// there and reports it instead of making a second one. A held round's emails go out when it is approved.
/// </summary>
internal sealed class RoundService(
    Database database,
    RoundPlanner planner,
    RoundStore rounds,
    RoundReports reports,
    OutboxStore outbox,
    AuditLog audit,
    RulesStore rules,
    Feedback.SilencePauses silencePauses,
    TimeProvider time,
    ILogger<RoundService> logger)
{
    /// <summary>The steps of <see cref="RunAsync"/>, named so tests can inject a crash between any two.</summary>
    internal static readonly string[] Steps = ["planned", "round", "groups", "members", "outcomes", "emails", "audit"];

    /// <summary>Called after each step inside the transaction; tests throw from it to simulate a crash.</summary>
    internal Func<string, Task>? AfterStep { get; set; }

    /// <summary>
    /// Works out the round for <paramref name="period"/> without writing anything. Whoever running it would
    /// pause for silence is shown paused, with the same reason, though nobody is paused yet.
    /// </summary>
    public async Task<RoundPlan> PreviewAsync(Period period, DateOnly? roundDate = null, ulong? seed = null, CancellationToken cancellationToken = default)
    {
        var current = await rules.CurrentAsync(cancellationToken);
        var number = await planner.NumberAsync(period, null, cancellationToken);
        var silent = await silencePauses.SilentAsync(current.Rules, null, cancellationToken);
        return await planner.PlanAsync(period, number, roundDate ?? DefaultRoundDate(period), seed ?? RoundPlanner.NewSeed(), current, null, cancellationToken, pausedForSilence: silent);
    }

    /// <summary>
    /// Plans and commits the round for <paramref name="period"/>, or reports the one already there.
    /// </summary>
    public async Task<RoundRunResult> RunAsync(Period period, DateOnly? roundDate = null, string actor = "system", CancellationToken cancellationToken = default)
    {
        // One trace per round; each lap below becomes a span within it.
        using var trace = UnmentoringTelemetry.Source.StartActivity("unmentoring.round");
        trace?.SetTag("unmentoring.period", period.ToString());
        var result = await RunTracedAsync(period, roundDate, actor, cancellationToken);
        UnmentoringTelemetry.RoundsRun.Add(1, new KeyValuePair<string, object?>("outcome", result.Created ? "planned" : "existing"));
        return result;
    }

    private async Task<RoundRunResult> RunTracedAsync(Period period, DateOnly? roundDate, string actor, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var laps = new Laps();
        var current = await rules.CurrentAsync(cancellationToken);
        RoundPlan plan;
        long roundId;
        int emails;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (await rounds.FindAsync(period, transaction, cancellationToken) is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new RoundRunResult(false, (await reports.ShowAsync(period, cancellationToken))!, 0);
            }

            var number = await planner.NumberAsync(period, transaction, cancellationToken);

            // Planning a round closes the last one: whoever stayed silent too long is paused first, so this
            // round already sees them paused (docs/adr/0031-feedback-and-automatic-pause.md).
            var silent = await silencePauses.PauseSilentAsync(current.Rules, transaction, cancellationToken);
            plan = await planner.PlanAsync(period, number, roundDate ?? DefaultRoundDate(period), RoundPlanner.NewSeed(), current, transaction, cancellationToken, laps);
            await StepAsync("planned", laps);
            try
            {
                (roundId, emails) = await WriteAsync(plan, actor, transaction, laps, cancellationToken);
                await silencePauses.RecordAsync(roundId, period, silent, current.Rules, transaction, cancellationToken);
            }
            catch (DbException ex) when (Database.IsUniqueViolation(ex))
            {
                // Another instance committed this period between our check and our insert.
                await transaction.RollbackAsync(CancellationToken.None);
                logger.LogInformation("The {Period} round was planned by another instance", period);
                return new RoundRunResult(false, (await reports.ShowAsync(period, cancellationToken))!, 0);
            }

            await transaction.CommitAsync(cancellationToken);
            laps.Lap("committed");
        }

        await rounds.RefreshStatisticsAsync(cancellationToken);
        laps.Lap("analysed");
        UnmentoringTelemetry.RoundDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        UnmentoringTelemetry.PairingDuration.Record(plan.Engine.Stats.Elapsed.TotalSeconds);

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
        plan.People.ToDictionary(p => p.Key, p => PersonLabel.Of(p.Value.Email, p.Value.PublicId)));

    /// <summary>Releases a held round's emails. Returns false when there is no such round.</summary>
    public async Task<(bool Found, bool WasHeld, int Released)> ApproveAsync(Period period, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var round = await rounds.FindAsync(period, transaction, cancellationToken);
        if (round is null)
        {
            return (false, false, 0);
        }

        if (round.Status != "planned" || !await rounds.ApproveAsync(round.Id, actor, transaction, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return (true, false, 0);
        }

        var released = await outbox.ReleaseRoundAsync(round.Id, transaction, cancellationToken);
        await audit.RecordAsync(actor, "round.approved", $"round {period}", $"{released} emails released", transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, true, released);
    }

    /// <summary>The day a round run now for <paramref name="period"/> is judged on: today if within it, else its nearest end.</summary>
    public DateOnly DefaultRoundDate(Period period)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return today < period.FirstDay ? period.FirstDay : today > period.LastDay ? period.LastDay : today;
    }

    private async Task<(long RoundId, int Emails)> WriteAsync(RoundPlan plan, string actor, DbTransaction transaction, Laps laps, CancellationToken cancellationToken)
    {
        var held = plan.Rules.Rules.RequireApproval;
        var now = time.StorageNow();
        var roundId = await rounds.AddAsync(plan, held, now, transaction, cancellationToken);
        await StepAsync("round", laps);
        await rounds.AddGroupsAsync(roundId, plan, transaction, cancellationToken);
        await StepAsync("groups", laps);
        await rounds.AddMembersAsync(roundId, plan, transaction, cancellationToken);
        await StepAsync("members", laps);
        await rounds.AddOutcomesAsync(roundId, plan, transaction, cancellationToken);
        await StepAsync("outcomes", laps);
        var emails = await rounds.AddEmailsAsync(roundId, plan, held, now, transaction, cancellationToken);
        await StepAsync("emails", laps);
        await audit.RecordAsync(actor, "round.planned", $"round {plan.Period}", $"round {plan.RoundNumber}, seed {plan.Seed}, rules version {plan.Rules.Version}, {plan.Engine.Groups.Count} groups", transaction, cancellationToken);
        await StepAsync("audit", laps);
        return (roundId, emails);
    }

    /// <summary>Marks the end of a step: its time goes in the log line, and a test may crash the round here.</summary>
    private async Task StepAsync(string step, Laps laps)
    {
        laps.Lap(step);
        if (AfterStep is not null)
        {
            await AfterStep(step);
        }
    }
}
