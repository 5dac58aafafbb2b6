using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    public override string Help => """
        Usage: unmentoring pair --participants P.csv [--history H.csv] [--exclusions X.csv] [--rules R.json]
                                [--round N] [--seed S] [--output plan.json]

        Plans one round offline and prints it as JSON (or writes it to --output).

          --participants  CSV with a header row: id (required, unique), organisation, email, last_sat_out
                          (the round they last sat out). Other columns are ignored. When organisation is
                          empty, the email domain is used.
          --history       CSV with header round,a,b: one past pairing a line (a trio is three lines).
          --exclusions    CSV with header a,b: two people who must never be grouped.
          --rules         JSON, every key optional:
                          {"repeatWindowRounds":12,"avoidSameOrganisation":true,"oddPolicy":"trio","relaxRepeats":true}
          --round         The round to plan; defaults to the highest round in the history plus one.
          --seed          A whole number; defaults to a random one, which the output reports.
          --output        Write the plan here instead of printing it.

        Bad input exits with code 2 and one line per problem naming the file and line; nothing is written.

        Example:
          unmentoring pair --participants people.csv --history history.csv --seed 42 --output plan.json
        """;

    public override IReadOnlyCollection<string> ValueOptions =>
        ["--participants", "--history", "--exclusions", "--rules", "--round", "--seed", "--output"];

    public override async Task<int> RunAsync(CommandArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new CliUsageException($"Unexpected argument '{args.Positionals[0]}'.");
        }

        var participantsPath = args.Get("--participants") ?? throw new CliUsageException("The option --participants is required.");
        var round = args.GetInt64("--round");
        if (round is < int.MinValue + 1 or > int.MaxValue)
        {
            throw new CliUsageException("The option --round is out of range.");
        }

        var seed = ParseSeed(args.Get("--seed"));

        var problems = new List<string>();
        var files = new PairInputFiles(problems);
        files.ReadParticipants(participantsPath);
        if (args.Get("--history") is { } historyPath)
        {
            files.ReadHistory(historyPath);
        }

        if (args.Get("--exclusions") is { } exclusionsPath)
        {
            files.ReadExclusions(exclusionsPath);
        }

        var rules = args.Get("--rules") is { } rulesPath ? PairRulesFile.Read(rulesPath, problems) : PairingRules.Default;
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
            Round = (int?)round ?? (files.HighestHistoryRound is { } highest ? highest + 1 : 1),
            Seed = seed ?? RandomSeed(),
        };
        var plan = PairingEngine.Plan(request);
        var json = PlanJson.Write(plan);

        if (args.Get("--output") is { } output)
        {
            // Written beside the target and moved into place, so a failure never leaves half a plan.
            var full = System.IO.Path.GetFullPath(output);
            var temporary = full + ".tmp";
            await File.WriteAllTextAsync(temporary, json, new UTF8Encoding(false), cancellationToken);
            File.Move(temporary, full, overwrite: true);
            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Planned round {plan.Round} with seed {plan.Seed}: {plan.Stats.Groups} groups, {plan.Stats.SatOut} sat out, {plan.Stats.Unmatched} unmatched. Written to {output}."));
        }
        else
        {
            await context.Output.WriteLineAsync(json);
        }

        return ExitCodes.Ok;
    }

    private static ulong? ParseSeed(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new CliUsageException($"The option --seed must be a whole number from 0 to {ulong.MaxValue}, not '{text}'.");
    }

    /// <summary>Below 2^53, so the seed survives a round trip through any JSON reader, JavaScript's included.</summary>
    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 11;
}
