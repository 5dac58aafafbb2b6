using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Unmentoring.Participants;
using Unmentoring.Rounds;

namespace Unmentoring.Cli;

/// <summary>The two participants an exclusion verb names, found by address, with the message when one is not known.</summary>
internal static class ExclusionPair
{
    public static Argument<string> First() => new("A") { Description = "One participant's email address.", Arity = ArgumentArity.ZeroOrOne };

    public static Argument<string> Second() => new("B") { Description = "The other participant's email address.", Arity = ArgumentArity.ZeroOrOne };

    public static async Task<(Participant First, Participant Second)> FindAsync(CommandHost host, string verb, string? first, string? second, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(first) || string.IsNullOrWhiteSpace(second))
        {
            throw new CliUsageException($"exclusions {verb} needs two email addresses, e.g. 'unmentoring exclusions {verb} ada@council.example.gov.uk grace@trust.example.org'.");
        }

        var (a, b) = await host.Get<ExclusionList>().FindPairAsync(first, second, cancellationToken);
        if (a is null || b is null)
        {
            throw new CliUsageException($"Nobody has the email address '{(a is null ? first : second).Trim()}'; 'unmentoring participants export' lists everyone taking part.");
        }

        if (a.Id == b.Id)
        {
            throw new CliUsageException($"Both addresses are {a.Email}: an exclusion needs two different people.");
        }

        return (a, b);
    }
}

internal sealed class ExclusionsAddCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["exclusions", "add"];

    public override string Summary => "Never pair two participants (with a reason).";

    public override string Description => """
        From the next round on, the two participants are never put in the same group. The reason is kept
        for the organisers (it is removed if either person deletes their data). Adding a pair that is already
        excluded changes nothing. Example:
          unmentoring exclusions add ada@council.example.gov.uk grace@trust.example.org --reason "Line manager"
        """;

    public override string Epilogue => "Exit codes: 0 excluded (or already), 2 an address is not a participant's, or both are the same person.";

    private readonly Argument<string> _first = ExclusionPair.First();

    private readonly Argument<string> _second = ExclusionPair.Second();

    private readonly Option<string> _reason = new("--reason")
    {
        HelpName = "R",
        Description = "Why they must not be paired, for the organisers.",
    };

    private readonly Option<string> _by = CliValues.By("adding it");

    public override IReadOnlyList<Symbol> Parameters => [_first, _second, _reason, _by];

    public override string UnexpectedArgument(string word) => $"exclusions add takes two email addresses, but was also given '{word}'.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var (first, second) = await ExclusionPair.FindAsync(host, "add", args.GetValue(_first), args.GetValue(_second), cancellationToken);
        var added = await host.Get<ExclusionList>().AddAsync(first, second, args.GetValue(_reason), args.GetValue(_by) ?? "cli:" + Environment.UserName, cancellationToken);
        await context.Output.WriteLineAsync(added
            ? $"{first.Email} and {second.Email} will never be paired."
            : $"{first.Email} and {second.Email} were already never paired; nothing changed.");
        return ExitCodes.Ok;
    }
}

internal sealed class ExclusionsListCommand : CliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public override IReadOnlyList<string> Path => ["exclusions", "list"];

    public override string Summary => "List the pairs that are never paired.";

    public override string Description => """
        Prints every exclusion, newest first, one a line, tab-separated: the two addresses, the reason, who
        added it and when (UTC). Someone who deleted their data has no address any more and is shown as such.
        """;

    private readonly Option<bool> _json = CliValues.Json();

    public override IReadOnlyList<Symbol> Parameters => [_json];

    public override string UnexpectedArgument(string word) => $"exclusions list takes no arguments, but was given '{word}'.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var all = await host.Get<ExclusionList>().AllAsync(cancellationToken);
        if (args.GetValue(_json))
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(
                all.Select(e => new
                {
                    First = new { e.First.Email, e.First.Name },
                    Second = new { e.Second.Email, e.Second.Name },
                    e.Reason,
                    AddedBy = e.CreatedBy,
                    AddedAt = DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc),
                }),
                Indented));
            return ExitCodes.Ok;
        }

        if (all.Count == 0)
        {
            await context.Error.WriteLineAsync("No exclusions: anyone may be paired with anyone the rules allow.");
        }

        foreach (var exclusion in all)
        {
            await context.Output.WriteLineAsync(string.Join(
                '\t',
                Address(exclusion.First),
                Address(exclusion.Second),
                exclusion.Reason ?? "",
                exclusion.CreatedBy,
                exclusion.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        }

        return ExitCodes.Ok;
    }

    private static string Address(ExcludedPerson person) => person.Email ?? "(deleted their data)";
}

internal sealed class ExclusionsRemoveCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["exclusions", "remove"];

    public override string Summary => "Let two participants be paired again.";

    public override string Description => "Removes the exclusion of the two participants, so that later rounds may pair them again if the rules allow.";

    public override string Epilogue => "Exit codes: 0 removed, 2 an address is not a participant's, or the pair was not excluded.";

    private readonly Argument<string> _first = ExclusionPair.First();

    private readonly Argument<string> _second = ExclusionPair.Second();

    private readonly Option<string> _by = CliValues.By("removing it");

    public override IReadOnlyList<Symbol> Parameters => [_first, _second, _by];

    public override string UnexpectedArgument(string word) => $"exclusions remove takes two email addresses, but was also given '{word}'.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var (first, second) = await ExclusionPair.FindAsync(host, "remove", args.GetValue(_first), args.GetValue(_second), cancellationToken);
        if (!await host.Get<ExclusionList>().RemoveAsync(first.Id, second.Id, args.GetValue(_by) ?? "cli:" + Environment.UserName, cancellationToken))
        {
            await context.Error.WriteLineAsync($"{first.Email} and {second.Email} are not excluded; 'unmentoring exclusions list' shows who is.");
            return ExitCodes.BadInput;
        }

        await context.Output.WriteLineAsync($"{first.Email} and {second.Email} may be paired again.");
        return ExitCodes.Ok;
    }
}
