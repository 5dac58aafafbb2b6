using System.Reflection;

namespace Unmentoring.Cli;

/// <summary>
/// Chooses the verb from the command line, prints help, and turns failures into exit codes.
/// Every <see cref="CliCommand"/> in this assembly is a verb; <c>serve</c> is the default.
/// </summary>
internal static class CliApp
{
    private static readonly Lazy<IReadOnlyList<CliCommand>> AllCommands = new(() =>
        typeof(CliCommand).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(CliCommand)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (CliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<CliCommand> Commands => AllCommands.Value;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time) =>
        RunAsync(args, new CliContext(output, error, new Dictionary<string, string?>(), time), CancellationToken.None);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count > 0 && args[0] is "--help" or "-h" or "-?" or "help")
        {
            await context.Output.WriteAsync(GeneralHelp());
            return ExitCodes.Ok;
        }

        if (args.Count > 0 && args[0] == "--version")
        {
            await context.Output.WriteLineAsync(typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return ExitCodes.Ok;
        }

        var (command, consumed) = Resolve(args);
        if (command is null)
        {
            var group = Commands.Where(c => c.Path.Count > 1 && args.Count > 0 && c.Path[0] == args[0]).ToList();
            if (group.Count > 0)
            {
                var wantsHelp = args.Skip(1).Any(a => a is "--help" or "-h" or "-?");
                await (wantsHelp ? context.Output : context.Error).WriteAsync(GroupHelp(args[0], group));
                return wantsHelp ? ExitCodes.Ok : ExitCodes.BadInput;
            }

            await context.Error.WriteLineAsync($"Unknown command '{args[0]}'. Run 'unmentoring --help' for the list of commands.");
            return ExitCodes.BadInput;
        }

        CommandArgs parsed;
        try
        {
            parsed = CommandArgs.Parse(args.Skip(consumed).ToList(), command.ValueOptions, command.Flags);
        }
        catch (CliUsageException ex)
        {
            await context.Error.WriteLineAsync($"{ex.Message} Run 'unmentoring {command.Name} --help' for usage.");
            return ExitCodes.BadInput;
        }

        if (parsed.WantsHelp)
        {
            await context.Output.WriteAsync(command.Help.TrimEnd() + Environment.NewLine);
            return ExitCodes.Ok;
        }

        try
        {
            return await command.RunAsync(parsed, context, cancellationToken);
        }
        catch (CliUsageException ex)
        {
            await context.Error.WriteLineAsync($"{ex.Message} Run 'unmentoring {command.Name} --help' for usage.");
            return ExitCodes.BadInput;
        }
        catch (ConfigurationException ex)
        {
            await context.Error.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.InvalidConfiguration;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failed;
        }
    }

    /// <summary>The longest command path that matches the start of the arguments; none means <c>serve</c>.</summary>
    private static (CliCommand? Command, int Consumed) Resolve(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            return (Commands.Single(c => c.Name == "serve"), 0);
        }

        var best = Commands
            .Where(c => c.Path.Count <= args.Count && c.Path.Select((word, i) => word == args[i]).All(x => x))
            .MaxBy(c => c.Path.Count);
        return best is null ? (null, 0) : (best, best.Path.Count);
    }

    private static string GeneralHelp()
    {
        var lines = new List<string>
        {
            "unmentoring: pairs people who work on local public services for a conversation each round.",
            "",
            "Usage: unmentoring [command] [options]",
            "       (no command runs 'serve')",
            "",
            "Commands:",
        };
        var width = Commands.Max(c => c.Name.Length) + 2;
        lines.AddRange(Commands.Select(c => $"  {c.Name.PadRight(width)}{c.Summary}"));
        lines.Add("");
        lines.Add("Run 'unmentoring <command> --help' for a command's options.");
        lines.Add("Configuration comes from appsettings.json and environment variables such as Unmentoring__DataDirectory;");
        lines.Add("see the README for every setting.");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string GroupHelp(string group, List<CliCommand> commands)
    {
        var width = commands.Max(c => c.Name.Length) + 2;
        return $"Usage: unmentoring {group} <command> [options]{Environment.NewLine}{Environment.NewLine}Commands:{Environment.NewLine}"
            + string.Concat(commands.Select(c => $"  {c.Name.PadRight(width)}{c.Summary}{Environment.NewLine}"))
            + $"{Environment.NewLine}Run 'unmentoring {group} <command> --help' for a command's options.{Environment.NewLine}";
    }
}
