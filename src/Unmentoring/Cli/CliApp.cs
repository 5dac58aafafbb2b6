using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Unmentoring.Cli;

/// <summary>
/// The executable's command line: System.CommandLine parses the words against every <see cref="CliCommand"/>
/// in this assembly (<c>serve</c> when none is named), then this class prints help or a usage mistake, runs
/// the command and turns failures into the documented exit codes.
/// </summary>
internal static class CliApp
{
    /// <summary>
    /// Every verb. Listed by hand, not found by reflection: asking the assembly for all its types loads every
    /// page, store and job type with the libraries they name, which every command paid at start-up (ADR 0041).
    /// <c>CommandLineTests</c> fails when a command class is missing here.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<CliCommand>> AllCommands = new(() =>
        new CliCommand[]
        {
            new DemoCommand(),
            new ExclusionsAddCommand(),
            new ExclusionsListCommand(),
            new ExclusionsRemoveCommand(),
            new FeedbackSendCommand(),
            new MigrateCommand(),
            new OrganisersAddCommand(),
            new OrganisersListCommand(),
            new OrganisersRemoveCommand(),
            new OutboxShowCommand(),
            new PairCommand(),
            new ParticipantsExportCommand(),
            new ParticipantsImportCommand(),
            new PurgeCommand(),
            new ReportCommand(),
            new RoundApproveCommand(),
            new RoundPreviewCommand(),
            new RoundReplayCommand(),
            new RoundRunCommand(),
            new RoundShowCommand(),
            new RulesSetCommand(),
            new RulesShowCommand(),
            new ServeCommand(),
        }
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList());

    private static readonly Lazy<CommandTree> Tree = new(() => new CommandTree(Commands));

    /// <summary>@file words are data here (a CSV path, a name), never a file of further arguments.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static IReadOnlyList<CliCommand> Commands => AllCommands.Value;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time) =>
        RunAsync(args, new CliContext(output, error, new Dictionary<string, string?>(), time), CancellationToken.None);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var parsed = Parse(args);
        var selected = parsed.CommandResult.Command;
        if (selected is RootCommand && parsed.UnmatchedTokens.Count > 0)
        {
            await context.Error.WriteLineAsync($"Unknown command '{parsed.UnmatchedTokens[0]}'. Run 'unmentoring --help' for the list of commands.");
            return ExitCodes.BadInput;
        }

        if (parsed.Action is CommandLineHelp || (parsed.Action is not null && parsed.Errors.Count == 0))
        {
            // --help, --version, and whatever else System.CommandLine answers itself; the verbs have no action of their own.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Output, Error = context.Error, ProcessTerminationTimeout = null }, cancellationToken);
        }

        if (selected.Subcommands.Count > 0)
        {
            // A group named without its verb, e.g. 'unmentoring round': the verbs it has.
            Tree.Value.Help.Write(selected, context.Error);
            return ExitCodes.BadInput;
        }

        var command = Tree.Value.CommandFor(selected);
        try
        {
            return await RunParsedAsync(parsed, context, cancellationToken);
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

    /// <summary>Parses the words; none, or an option first, means <c>serve</c>.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var words = args.Count == 0 || (args[0].StartsWith('-') && args[0] is not ("--help" or "-h" or "-?" or "--version"))
            ? ["serve", .. args]
            : args[0] == "help" ? ["--help", .. args.Skip(1)] : args.ToList();
        return Tree.Value.Root.Parse(words, Parsing);
    }

    /// <summary>Runs the command a parse selected; a usage mistake, found by the parser or the command, is thrown.</summary>
    public static Task<int> RunParsedAsync(ParseResult parsed, CliContext context, CancellationToken cancellationToken)
    {
        var command = Tree.Value.CommandFor(parsed.CommandResult.Command);
        if (UsageProblem(parsed, command) is { } problem)
        {
            throw new CliUsageException(problem);
        }

        return command.RunAsync(parsed, context, cancellationToken);
    }

    /// <summary>The first mistake in how the command was called, in words that say what to fix.</summary>
    private static string? UsageProblem(ParseResult parsed, CliCommand command)
    {
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                break;
            }

            // System.CommandLine would take an unknown --word as a value where the command has a place for one.
            if (token.Type == TokenType.Argument && token.Value.StartsWith("--", StringComparison.Ordinal) && token.Value.Length > 2)
            {
                return $"Unknown option {token.Value}.";
            }
        }

        if (parsed.UnmatchedTokens.Count > 0)
        {
            var word = parsed.UnmatchedTokens[0];
            return word.StartsWith('-') && word.Length > 1 ? $"Unknown option {word}." : command.UnexpectedArgument(word);
        }

        return parsed.Errors.Count == 0 ? null : parsed.Errors[0].SymbolResult switch
        {
            OptionResult { IdentifierTokenCount: 0 } option => $"The option {option.Option.Name} is required.",
            OptionResult { Tokens.Count: 0 } option => $"The option {option.Option.Name} needs a value.",
            OptionResult { Tokens.Count: > 1 } option => $"The option {option.Option.Name} is given more than once.",
            _ => parsed.Errors[0].Message,
        };
    }
}

/// <summary>The System.CommandLine commands built from the verbs, once, and the verb behind each.</summary>
internal sealed class CommandTree
{
    private readonly Dictionary<Command, CliCommand> _verbs = [];

    public CommandTree(IReadOnlyList<CliCommand> commands)
    {
        Root = new RootCommand("unmentoring: pairs people who work on local public services for a conversation each round.");
        Help = new CommandLineHelp(this);
        foreach (var option in Root.Options.OfType<HelpOption>())
        {
            option.Description = "Show this help.";
            option.Action = Help;
        }

        foreach (var verb in commands)
        {
            Command parent = Root;
            foreach (var word in verb.Path.SkipLast(1))
            {
                parent = parent.Subcommands.FirstOrDefault(c => c.Name == word) ?? Add(parent, new Command(word));
            }

            var command = Add(parent, new Command(verb.Path[^1], verb.Summary));
            foreach (var parameter in verb.Parameters)
            {
                switch (parameter)
                {
                    case Option option:
                        command.Options.Add(option);
                        break;
                    case Argument argument:
                        command.Arguments.Add(argument);
                        break;
                }
            }

            _verbs[command] = verb;
        }
    }

    public RootCommand Root { get; }

    public CommandLineHelp Help { get; }

    public CliCommand CommandFor(Command command) => _verbs[command];

    public CliCommand? VerbFor(Command command) => _verbs.GetValueOrDefault(command);

    /// <summary>The verbs at or below a group, by name: every verb for the root.</summary>
    public IReadOnlyList<CliCommand> VerbsUnder(Command group) =>
        [.. _verbs.Where(v => group is RootCommand || v.Key.Parents.Contains(group)).Select(v => v.Value).OrderBy(v => v.Name, StringComparer.Ordinal)];

    private static Command Add(Command parent, Command child)
    {
        parent.Subcommands.Add(child);
        return child;
    }
}
