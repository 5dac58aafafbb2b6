using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unmentoring.Rounds;

namespace Unmentoring.Cli;

/// <summary>What the round verbs share: choosing the period and printing a round for people or scripts.</summary>
internal abstract class RoundCommand : CliCommand
{
    protected static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    protected static Period RequiredPeriod(ParseResult args, Argument<Period?> argument, string verb) =>
        args.GetValue(argument) ?? throw new CliUsageException($"round {verb} needs the period, e.g. 'unmentoring round {verb} 2026-12'.");

    protected static Period OptionalPeriod(ParseResult args, Option<Period?> option, CliContext context) =>
        args.GetValue(option) ?? Period.Of(DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime));

    /// <summary>The JSON for scripts: <c>unmentoring pair</c>'s shape with people named by email, plus the period, rules version and every outcome.</summary>
    internal static JsonObject Json(RoundPlan plan)
    {
        string Label(long id) => plan.People.TryGetValue(id, out var p) ? p.Email ?? RoundIds.Format(id) : RoundIds.Format(id);
        var json = Pair.PlanJson.ToNode(plan.Engine, id => Label(RoundIds.Parse(id)));
        json["period"] = plan.Period.ToString();
        json["rulesVersion"] = plan.Rules.Version;
        json["outcomes"] = Outcomes(plan.Outcomes, Label);
        return json;
    }

    internal static JsonObject Json(RoundReport round)
    {
        string Label(long id) => round.Labels.GetValueOrDefault(id, RoundIds.Format(id));
        var json = Common(round.Period, round.RoundNumber, round.Seed, round.RulesVersion, round.Status, round.Groups, round.Outcomes, Label);
        json["repeats"] = new JsonArray(round.Repeats.Select(r => (JsonNode)new JsonObject
        {
            ["a"] = Label(r.A),
            ["b"] = Label(r.B),
            ["lastRound"] = r.LastRound,
        }).ToArray());
        json["stats"] = new JsonObject
        {
            ["participants"] = round.Outcomes.Count(o => o.Outcome is RoundOutcome.Paired or RoundOutcome.SatOut or RoundOutcome.Unmatched),
            ["matched"] = round.Groups.Sum(g => g.Count),
        };
        return json;
    }

    protected static async Task PrintAsync(CliContext context, RoundPlan plan, string heading)
    {
        string Label(long id) => plan.People.TryGetValue(id, out var p) ? p.Email ?? RoundIds.Format(id) : RoundIds.Format(id);
        await context.Output.WriteLineAsync($"{heading}: the {plan.Period.MonthName} round ({plan.Period}), round {plan.RoundNumber}, judged on {UkDates.Date(plan.RoundDate)}");
        await context.Output.WriteLineAsync($"Seed {plan.Seed}; rules version {plan.Rules.Version}; engine time {plan.Engine.Stats.Elapsed.TotalMilliseconds:0.###} ms");
        await PrintBodyAsync(context, plan.Groups, plan.Outcomes, plan.Engine.Repeats.Select(r => (RoundIds.Parse(r.A), RoundIds.Parse(r.B), r.LastRound)).ToList(), Label);
    }

    protected static async Task PrintAsync(CliContext context, RoundReport round)
    {
        string Label(long id) => round.Labels.GetValueOrDefault(id, RoundIds.Format(id));
        await context.Output.WriteLineAsync($"The {round.Period.MonthName} round ({round.Period}), round {round.RoundNumber}: {round.Status}, planned {round.PlannedAt:yyyy-MM-dd HH:mm} UTC, judged on {UkDates.Date(round.RoundDate)}");
        await context.Output.WriteLineAsync($"Seed {round.Seed}; rules version {round.RulesVersion}");
        await PrintBodyAsync(context, round.Groups, round.Outcomes, round.Repeats, Label);
    }

    private static JsonObject Common(Period period, int number, ulong seed, int rulesVersion, string? status, IReadOnlyList<IReadOnlyList<long>> groups, IReadOnlyList<PlannedOutcome> outcomes, Func<long, string> label)
    {
        var json = new JsonObject
        {
            ["period"] = period.ToString(),
            ["round"] = number,
            ["seed"] = seed,
            ["rulesVersion"] = rulesVersion,
        };
        if (status is not null)
        {
            json["status"] = status;
        }

        json["groups"] = new JsonArray(groups.Select(g => (JsonNode)new JsonArray(g.Select(id => (JsonNode)JsonValue.Create(label(id))!).ToArray())).ToArray());
        json["satOut"] = LeftOut(outcomes, RoundOutcome.SatOut, label);
        json["unmatched"] = LeftOut(outcomes, RoundOutcome.Unmatched, label);
        json["outcomes"] = Outcomes(outcomes, label);
        return json;
    }

    private static JsonArray Outcomes(IReadOnlyList<PlannedOutcome> outcomes, Func<long, string> label) =>
        new(outcomes.OrderBy(o => label(o.ParticipantId), StringComparer.Ordinal).Select(o => (JsonNode)new JsonObject
        {
            ["email"] = label(o.ParticipantId),
            ["outcome"] = o.Outcome.ToCode(),
            ["reason"] = o.Reason,
        }).ToArray());

    private static JsonArray LeftOut(IReadOnlyList<PlannedOutcome> outcomes, RoundOutcome kind, Func<long, string> label) =>
        new(outcomes.Where(o => o.Outcome == kind).Select(o => (JsonNode)new JsonObject { ["id"] = label(o.ParticipantId), ["reason"] = o.Reason }).ToArray());

    private static async Task PrintBodyAsync(CliContext context, IReadOnlyList<IReadOnlyList<long>> groups, IReadOnlyList<PlannedOutcome> outcomes, IReadOnlyList<(long A, long B, int LastRound)> repeats, Func<long, string> label)
    {
        var output = context.Output;
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Groups ({groups.Count}; the first named arranges the call):");
        for (var i = 0; i < groups.Count; i++)
        {
            await output.WriteLineAsync($"  {i + 1,4}. {string.Join(", ", groups[i].Select(label))}");
        }

        foreach (var kind in new[] { RoundOutcome.SatOut, RoundOutcome.Unmatched, RoundOutcome.Paused, RoundOutcome.Skipped, RoundOutcome.NotDue, RoundOutcome.Undeliverable })
        {
            var these = outcomes.Where(o => o.Outcome == kind).ToList();
            if (these.Count == 0)
            {
                continue;
            }

            await output.WriteLineAsync();
            await output.WriteLineAsync($"{kind.ToCode()} ({these.Count}):");
            foreach (var o in these)
            {
                await output.WriteLineAsync($"  {label(o.ParticipantId)}: {o.Reason}");
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(repeats.Count == 0
            ? "Repeats: none."
            : $"Repeats ({repeats.Count}): " + string.Join("; ", repeats.Select(r => $"{label(r.A)} and {label(r.B)} last met in round {r.LastRound.ToString(CultureInfo.InvariantCulture)}")));
    }
}

internal sealed class RoundPreviewCommand : RoundCommand
{
    public override IReadOnlyList<string> Path => ["round", "preview"];

    public override string Summary => "Plan a round against the database without writing anything.";

    public override string Description => """
        Works out the round as 'round run' would (who takes part and why not, the groups, who sits out)
        and prints it. Nothing is written and no email is sent. Each preview draws a new seed unless
        --seed is given, so two previews usually differ; the round that runs draws its own.
        """;

    private readonly Option<Period?> _period = CliValues.PeriodOption("The round's month (default: this month).");

    private readonly Option<ulong?> _seed = CliValues.Seed("Use this seed (a whole number) to see one particular plan.");

    private readonly Option<bool> _json = CliValues.Json();

    public override IReadOnlyList<Symbol> Parameters => [_period, _seed, _json];

    public override string UnexpectedArgument(string word) => $"Unexpected argument '{word}'; give the period with --period.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var seed = args.GetValue(_seed);
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var rounds = host.Get<RoundService>();
        var period = OptionalPeriod(args, _period, context);
        RoundPlan plan;
        try
        {
            plan = await rounds.PreviewAsync(period, seed: seed, cancellationToken: cancellationToken);
        }
        catch (RoundOrderException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        if (args.GetValue(_json))
        {
            await context.Output.WriteLineAsync(Json(plan).ToJsonString(Indented));
        }
        else
        {
            await PrintAsync(context, plan, "Preview (nothing written)");
        }

        return ExitCodes.Ok;
    }
}

internal sealed class RoundRunCommand : RoundCommand
{
    public override IReadOnlyList<string> Path => ["round", "run"];

    public override string Summary => "Plan and commit a round now (a second run of a period does nothing).";

    public override string Description => """
        Plans the round and writes it, with every participant's outcome and the emails, in one
        transaction. A period has at most one round: running it again prints the round already there.
        With the rule requireApproval the emails are held until 'unmentoring round approve P'.
        """;

    private readonly Option<Period?> _period = CliValues.PeriodOption("The round's month (default: this month).");

    private readonly Option<bool> _json = CliValues.Json();

    public override IReadOnlyList<Symbol> Parameters => [_period, _json];

    public override string UnexpectedArgument(string word) => $"Unexpected argument '{word}'; give the period with --period.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var rounds = host.Get<RoundService>();
        var period = OptionalPeriod(args, _period, context);
        RoundRunResult result;
        try
        {
            result = await rounds.RunAsync(period, actor: "cli:" + Environment.UserName, cancellationToken: cancellationToken);
        }
        catch (RoundOrderException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        if (args.GetValue(_json))
        {
            var json = Json(result.Round);
            json["created"] = result.Created;
            json["emailsQueued"] = result.EmailsQueued;
            await context.Output.WriteLineAsync(json.ToJsonString(Indented));
            return ExitCodes.Ok;
        }

        await context.Output.WriteLineAsync(result.Created
            ? $"Planned the {period} round: {result.EmailsQueued} emails queued{(result.Round.Status == "planned" ? ", held until 'unmentoring round approve " + period + "'" : "")}."
            : $"The {period} round already exists; nothing was changed.");
        await PrintAsync(context, result.Round);
        return ExitCodes.Ok;
    }
}

internal sealed class RoundApproveCommand : RoundCommand
{
    public override IReadOnlyList<string> Path => ["round", "approve"];

    public override string Summary => "Release a held round's emails.";

    public override string Description => """
        With the rule requireApproval a planned round holds its emails until an organiser approves it.
        This releases them to the email dispatcher and records who approved.
        """;

    private readonly Argument<Period?> _period = CliValues.PeriodArgument("The round's month, e.g. 2026-12.");

    private readonly Option<string> _by = CliValues.By("approving");

    public override IReadOnlyList<Symbol> Parameters => [_period, _by];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var period = RequiredPeriod(args, _period, "approve");
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var (found, wasHeld, released) = await host.Get<RoundService>().ApproveAsync(period, args.GetValue(_by) ?? "cli:" + Environment.UserName, cancellationToken);
        if (!found)
        {
            await context.Error.WriteLineAsync($"There is no round for {period}. Plan one with 'unmentoring round run --period {period}'.");
            return ExitCodes.BadInput;
        }

        await context.Output.WriteLineAsync(wasHeld
            ? $"Approved the {period} round: {released} emails released for sending."
            : $"The {period} round was not waiting for approval; nothing was changed.");
        return ExitCodes.Ok;
    }
}

internal sealed class RoundShowCommand : RoundCommand
{
    public override IReadOnlyList<string> Path => ["round", "show"];

    public override string Summary => "Show a round: every participant's outcome and reason, the seed, the rules version.";

    public override string Description => """
        Prints a stored round: its groups (the first named arranges the call), everyone who sat out,
        could not be matched, was paused, skipped or not due, each with the reason they were told,
        the seed and the rules version it was planned under.
        """;

    private readonly Argument<Period?> _period = CliValues.PeriodArgument("The round's month, e.g. 2026-12.");

    private readonly Option<bool> _json = CliValues.Json();

    public override IReadOnlyList<Symbol> Parameters => [_period, _json];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var period = RequiredPeriod(args, _period, "show");
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var round = await host.Get<RoundReports>().ShowAsync(period, cancellationToken);
        if (round is null)
        {
            await context.Error.WriteLineAsync($"There is no round for {period}.");
            return ExitCodes.BadInput;
        }

        if (args.GetValue(_json))
        {
            var json = Json(round);
            json["feedback"] = FeedbackSendCommand.Json(await host.Get<Feedback.FeedbackStore>().RoundFeedbackAsync(round.Id, cancellationToken));
            await context.Output.WriteLineAsync(json.ToJsonString(Indented));
        }
        else
        {
            await PrintAsync(context, round);
        }

        return ExitCodes.Ok;
    }
}

internal sealed class RoundReplayCommand : RoundCommand
{
    public override IReadOnlyList<string> Path => ["round", "replay"];

    public override string Summary => "Recompute a round from its stored inputs and seed and confirm it is identical.";

    public override string Description => """
        Feeds the pairing engine what the round recorded (who took part, with the organisation and last
        sit-out it saw, the exclusions then in force, the history before it, its rules version and seed)
        and compares the result with what was stored. Exit code 0 when identical, 1 with each difference.
        """;

    private readonly Argument<Period?> _period = CliValues.PeriodArgument("The round's month, e.g. 2026-12.");

    public override IReadOnlyList<Symbol> Parameters => [_period];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var period = RequiredPeriod(args, _period, "replay");
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var replay = await host.Get<RoundReports>().ReplayAsync(period, cancellationToken);
        if (replay is null)
        {
            await context.Error.WriteLineAsync($"There is no round for {period}.");
            return ExitCodes.BadInput;
        }

        if (replay.Identical)
        {
            await context.Output.WriteLineAsync($"The {period} round replays identically: {replay.Stored.Groups.Count} groups and {replay.Stored.Outcomes.Count} outcomes from seed {replay.Stored.Seed} and rules version {replay.Stored.RulesVersion}.");
            return ExitCodes.Ok;
        }

        await context.Output.WriteLineAsync($"The {period} round does NOT replay identically ({replay.Differences.Count} differences):");
        foreach (var difference in replay.Differences)
        {
            await context.Output.WriteLineAsync("  " + difference);
        }

        return ExitCodes.Failed;
    }
}
