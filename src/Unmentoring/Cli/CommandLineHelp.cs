using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Unmentoring.Cli;

/// <summary>
/// What <c>--help</c> prints, as System.CommandLine's help option's action. A verb's usage line, arguments
/// and options are written from what the verb declares, so help cannot drift from what the parser accepts;
/// the prose around them is the verb's own.
/// </summary>
internal sealed class CommandLineHelp(CommandTree tree) : SynchronousCommandLineAction
{
    private const int Width = 100;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        Write(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
        return ExitCodes.Ok;
    }

    public void Write(Command command, TextWriter output)
    {
        var sections = tree.VerbFor(command) is { } verb ? VerbSections(verb, command) : GroupSections(command);
        output.Write(string.Join(Environment.NewLine + Environment.NewLine, sections.Select(s => s.TrimEnd())) + Environment.NewLine);
    }

    private static IEnumerable<string> VerbSections(CliCommand verb, Command command)
    {
        yield return Usage(verb);
        yield return verb.Description;
        if (command.Arguments.Count > 0)
        {
            yield return "Arguments:" + Environment.NewLine + Columns(command.Arguments.Select(a => (a.Name, a.Description)));
        }

        var options = command.Options.Concat(Ancestors(command).SelectMany(c => c.Options).Where(o => o.Recursive));
        yield return "Options:" + Environment.NewLine + Columns(options.Select(o => (OptionLabel(o), o.Description)));
        if (verb.Epilogue is { } epilogue)
        {
            yield return epilogue;
        }
    }

    private IEnumerable<string> GroupSections(Command group)
    {
        var verbs = tree.VerbsUnder(group);
        var list = "Commands:" + Environment.NewLine + Columns(verbs.Select(v => (v.Name, (string?)v.Summary)));
        if (group is RootCommand root)
        {
            yield return root.Description ?? "";
            yield return "Usage: unmentoring [command] [options]" + Environment.NewLine + "       (no command runs 'serve')";
            yield return list;
            yield return """
                Run 'unmentoring <command> --help' for a command's options.
                Configuration comes from appsettings.json and environment variables such as Unmentoring__DataDirectory;
                see the README for every setting.
                """;
        }
        else
        {
            yield return $"Usage: unmentoring {group.Name} <command> [options]";
            yield return list;
            yield return $"Run 'unmentoring {group.Name} <command> --help' for a command's options.";
        }
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }

    /// <summary>e.g. <c>Usage: unmentoring round approve PERIOD [--by NAME]</c>, wrapped under the command.</summary>
    private static string Usage(CliCommand verb)
    {
        var start = $"Usage: unmentoring {verb.Name}";
        var words = verb.Parameters.OfType<Argument>()
            .Select(a => a.Arity.MaximumNumberOfValues > 1 ? $"{a.Name} [{a.Name} ...]" : a.Name)
            .Concat(verb.Parameters.OfType<Option>().Select(o => o.Required ? OptionUsage(o) : $"[{OptionUsage(o)}]"));
        var indent = new string(' ', start.Length);
        var lines = new List<string> { start };
        foreach (var word in words)
        {
            if (lines[^1].Length + 1 + word.Length > Width && lines[^1] != start && lines[^1] != indent)
            {
                lines.Add(indent);
            }

            lines[^1] += " " + word;
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string OptionUsage(Option option) => option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName ?? "VALUE"}";

    private static string OptionLabel(Option option) =>
        option is HelpOption ? "-h, --help" : string.Join(", ", option.Aliases.Order(StringComparer.Ordinal).Append(OptionUsage(option)));

    /// <summary>Two columns: names, then descriptions wrapped to the width and indented under each other.</summary>
    private static string Columns(IEnumerable<(string Name, string? Text)> rows)
    {
        var list = rows.ToList();
        var indent = Math.Min(list.Max(r => r.Name.Length), 28) + 4;
        var lines = new List<string>();
        foreach (var (name, text) in list)
        {
            var line = ("  " + name).PadRight(indent);
            if (line.Length > indent)
            {
                lines.Add(line.TrimEnd());
                line = new string(' ', indent);
            }

            foreach (var word in (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length + word.Length > Width && line.Trim().Length > 0 && line.Length > indent)
                {
                    lines.Add(line.TrimEnd());
                    line = new string(' ', indent);
                }

                line += word + " ";
            }

            lines.Add(line.TrimEnd());
        }

        return string.Join(Environment.NewLine, lines);
    }
}
