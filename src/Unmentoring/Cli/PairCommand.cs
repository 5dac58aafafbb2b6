using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Unmentoring.Cli.Pair;
using Unmentoring.Pairing;

namespace Unmentoring.Cli;

/// <summary>
/// <c>unmentoring pair</c>: plans one round from files, without a database, so organisers can try rules on
/// exported data and replay a past round from its seed.
/// </summary>
internal sealed class PairCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["pair"];

    public override string Summary => "Plan one round from CSV files, without a database (try rules, replay a round).";

    public override string Description => """
        Plans one round offline and prints it as JSON (or writes it to --output).
        """;

    public override string Epilogue => """
        Bad input exits with code 2 and one line per problem naming the file and line; nothing is written.

        Example:
          unmentoring pair --participants people.csv --history history.csv --seed 42 --output plan.json
        """;

    private readonly Option<string> _participants = new("--participants")
    {
        HelpName = "P.csv",
        Required = true,
        Description = "CSV with a header row: id (required, unique), organisation, email, last_sat_out (the round they last sat out). Other columns are ignored. When organisation is empty, the email domain is used.",
    };

    private readonly Option<string> _history = new("--history")
    {
        HelpName = "H.csv",
        Description = "CSV with header round,a,b: one past pairing a line (a trio is three lines).",
    };

    private readonly Option<string> _exclusions = new("--exclusions")
    {
        HelpName = "X.csv",
        Description = "CSV with header a,b: two people who must never be grouped.",
    };

    private readonly Option<string> _rules = new("--rules")
    {
        HelpName = "R.json",
        Description = """JSON, every key optional: {"repeatWindowRounds":12,"avoidSameOrganisation":true,"oddPolicy":"trio","relaxRepeats":true}""",
    };

    private readonly Option<int?> _round = CliValues.WholeNumber("--round", "N", "The round to plan; defaults to the highest round in the history plus one.");

    private readonly Option<ulong?> _seed = CliValues.Seed("A whole number; defaults to a random one, which the output reports.");

    private readonly Option<string> _output = new("--output")
    {
        HelpName = "plan.json",
        Description = "Write the plan here instead of printing it.",
    };

    public override IReadOnlyList<Symbol> Parameters => [_participants, _history, _exclusions, _rules, _round, _seed, _output];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var participantsPath = args.GetValue(_participants) ?? throw new CliUsageException("The option --participants is required.");
        var round = args.GetValue(_round);
        if (round == int.MinValue)
        {
            throw new CliUsageException("The option --round is out of range.");
        }

        var seed = args.GetValue(_seed);
        using var noCollections = NoCollections.ForFiles(participantsPath, args.GetValue(_history), args.GetValue(_exclusions));

        var problems = new List<string>();
        var files = new PairInputFiles(problems);
        files.ReadParticipants(participantsPath);
        if (args.GetValue(_history) is { } historyPath)
        {
            files.ReadHistory(historyPath);
        }

        if (args.GetValue(_exclusions) is { } exclusionsPath)
        {
            files.ReadExclusions(exclusionsPath);
        }

        var rules = args.GetValue(_rules) is { } rulesPath ? PairRulesFile.Read(rulesPath, problems) : PairingRules.Default;
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync(problem);
            }

            return ExitCodes.BadInput;
        }

        var request = new PairingRequest
        {
            Participants = files.Participants,
            History = files.History,
            Exclusions = files.Exclusions,
            Rules = rules,
            Round = round ?? (files.HighestHistoryRound is { } highest ? highest + 1 : 1),
            Seed = seed ?? RandomSeed(),
        };
        var plan = PairingEngine.Plan(request);

        if (args.GetValue(_output) is { } output)
        {
            // Written beside the target and moved into place, so a failure never leaves half a plan. Written
            // at once rather than asynchronously: on Linux an asynchronous file write starts the thread pool,
            // which this short process would otherwise never need (ADR 0041).
            var full = System.IO.Path.GetFullPath(output);
            var temporary = full + ".tmp";
            File.WriteAllBytes(temporary, PlanJson.WriteUtf8(plan).Span);

            File.Move(temporary, full, overwrite: true);
            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Planned round {plan.Round} with seed {plan.Seed}: {plan.Stats.Groups} groups, {plan.Stats.SatOut} sat out, {plan.Stats.Unmatched} unmatched. Written to {output}."));
        }
        else
        {
            await context.Output.WriteLineAsync(PlanJson.Write(plan));
        }

        return ExitCodes.Ok;
    }

    /// <summary>Below 2^53, so the seed survives a round trip through any JSON reader, JavaScript's included.</summary>
    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 11;
}
