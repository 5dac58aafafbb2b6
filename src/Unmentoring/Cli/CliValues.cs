using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Unmentoring.Rounds;

namespace Unmentoring.Cli;

/// <summary>
/// Options and arguments that more than one verb takes, each parsed by System.CommandLine with a message that
/// says what to write instead (a value that does not parse is a usage error, exit code 2).
/// </summary>
internal static class CliValues
{
    private delegate bool TryParse<T>(string text, out T value);

    public static Option<ulong?> Seed(string description) => new("--seed")
    {
        HelpName = "N",
        Description = description,
        CustomParser = result => Parse(
            result,
            (string text, out ulong seed) => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seed),
            text => $"The option --seed must be a whole number from 0 to {ulong.MaxValue}, not '{text}'."),
    };

    public static Option<int?> WholeNumber(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result => Parse(
            result,
            (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            text => $"The option {name} must be a whole number, not '{text}'."),
    };

    public static Option<Period?> PeriodOption(string description) => new("--period")
    {
        HelpName = "yyyy-MM",
        Description = description,
        CustomParser = result => Parse<Period>(result, Period.TryParse, NotAPeriod),
    };

    /// <summary>A period given as the command's word; optional here, so each verb can say how to give it when missing.</summary>
    public static Argument<Period?> PeriodArgument(string description) => new("PERIOD")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result => Parse<Period>(result, Period.TryParse, NotAPeriod),
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON for scripts instead of text." };

    public static Option<string> By(string what) => new("--by")
    {
        HelpName = "NAME",
        Description = $"Who is {what}, for the record (default: the user running the command).",
    };

    private static string NotAPeriod(string text) => $"'{text}' is not a period: write the year and month as yyyy-MM, for example 2026-12.";

    /// <summary>A value that does not parse becomes a parse error, reported like any other usage mistake.</summary>
    private static T? Parse<T>(ArgumentResult result, TryParse<T> tryParse, Func<string, string> problem)
        where T : struct
    {
        if (result.Tokens.Count != 1)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (tryParse(text, out var value))
        {
            return value;
        }

        result.AddError(problem(text));
        return null;
    }
}
