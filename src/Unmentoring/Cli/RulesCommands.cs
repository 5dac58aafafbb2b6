using System.CommandLine;
using System.Globalization;
using Unmentoring.Rounds;

namespace Unmentoring.Cli;

internal sealed class RulesShowCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["rules", "show"];

    public override string Summary => "Show the pairing rules and schedule in force, and who set them.";

    public override string Description => $"""
        Prints every rule with its value, the version, and who changed it when. The rules and defaults:
        {RuleList}
        """;

    private static readonly string[] Rules =
    [
        "  repeatWindowRounds     12     people who met in the last N rounds are not grouped again",
        "  avoidSameOrganisation  true   never group two people from the same organisation",
        "  oddPolicy              trio   the odd one out joins a pair (trio) or sits out (sitOut)",
        "  relaxRepeats           true   allow an older repeat rather than leave someone unmatched",
        "  scheduleCron           0 0 9 ? * MON#1   when rounds run (Quartz cron: 09:00, first Monday)",
        "  timeZone               Europe/London     the zone the schedule is read in",
        "  requireApproval        false  hold each round's emails until an organiser approves it",
        "  feedbackAfterDays      21     days after the introduction to ask whether people met (0: never)",
        "  feedbackReminderAfterDays  7  days after that to ask once more those who said not yet or nothing (0: no reminder)",
        "  autoPauseAfterSilentRounds 3  pause whoever left this many asked rounds in a row unanswered (0: never)",
    ];

    public override string UnexpectedArgument(string word) => $"rules show takes no arguments, but was given '{word}'.";

    internal static string RuleList => string.Join(Environment.NewLine, Rules.Select(l => "  " + l));

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var current = await host.Get<RulesStore>().CurrentAsync(cancellationToken);
        await Print(context.Output, current);
        return ExitCodes.Ok;
    }

    internal static async Task Print(TextWriter output, RulesVersion version)
    {
        var r = version.Rules;
        await output.WriteLineAsync($"Rules version {version.Version}, set by {version.ChangedBy} on {version.ChangedAt:yyyy-MM-dd HH:mm} UTC ({version.Change}):");
        foreach (var (key, value) in new (string, object)[]
        {
            ("repeatWindowRounds", r.RepeatWindowRounds),
            ("avoidSameOrganisation", r.AvoidSameOrganisation),
            ("oddPolicy", r.OddPolicy),
            ("relaxRepeats", r.RelaxRepeats),
            ("scheduleCron", r.ScheduleCron),
            ("timeZone", r.TimeZone),
            ("requireApproval", r.RequireApproval),
            ("feedbackAfterDays", r.FeedbackAfterDays),
            ("feedbackReminderAfterDays", r.FeedbackReminderAfterDays),
            ("autoPauseAfterSilentRounds", r.AutoPauseAfterSilentRounds),
        })
        {
            var text = value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"  {key} = {text}");
        }

        var next = RoundScheduling.TriggerFor(r).GetFireTimeAfter(DateTimeOffset.UtcNow);
        if (next is { } n)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(r.TimeZone);
            await output.WriteLineAsync($"Next round: {UkDates.Format(TimeZoneInfo.ConvertTime(n, zone), "dddd d MMMM yyyy HH:mm")} ({r.TimeZone}).");
        }
    }
}

internal sealed class RulesSetCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["rules", "set"];

    public override string Summary => "Change rules (each change is a new version with who and when).";

    public override string Description => $"""
        Checks every value, then stores the changed rules as a new version. The running service follows a
        changed schedule within a minute. Example:
          unmentoring rules set repeatWindowRounds=6 oddPolicy=sitOut

        The rules and defaults:
        {RulesShowCommand.RuleList}
        """;

    private readonly Argument<string[]> _changes = new("KEY=VALUE")
    {
        Description = "A rule and its new value, e.g. repeatWindowRounds=6.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string> _by = CliValues.By("changing them");

    public override IReadOnlyList<Symbol> Parameters => [_changes, _by];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var pairs = args.GetValue(_changes) ?? [];
        if (pairs.Length == 0)
        {
            throw new CliUsageException("rules set needs at least one KEY=VALUE, e.g. 'unmentoring rules set repeatWindowRounds=6'.");
        }

        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var store = host.Get<RulesStore>();
        var current = await store.CurrentAsync(cancellationToken);
        var rules = current.Rules;
        var problems = new List<string>();
        var changes = new List<string>();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"'{pair}' is not KEY=VALUE.");
                continue;
            }

            try
            {
                rules = rules.Set(pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                changes.Add(pair.Trim());
            }
            catch (ArgumentException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync(problem);
            }

            await context.Error.WriteLineAsync("Nothing was changed.");
            return ExitCodes.BadInput;
        }

        if (rules == current.Rules)
        {
            await context.Output.WriteLineAsync($"Those are already the rules (version {current.Version}); nothing was changed.");
            return ExitCodes.Ok;
        }

        var saved = await store.SaveAsync(rules, args.GetValue(_by) ?? "cli:" + Environment.UserName, string.Join(" ", changes), current.Version, cancellationToken);
        await RulesShowCommand.Print(context.Output, saved);
        return ExitCodes.Ok;
    }
}
