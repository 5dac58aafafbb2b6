using System.CommandLine;

namespace Unmentoring.Cli;

/// <summary>
/// One verb of the <c>unmentoring</c> executable. Commands are small: declare options, call a service, print.
/// System.CommandLine parses the words (<see cref="CliApp"/>); the command reads the values from the
/// <see cref="ParseResult"/>.
/// </summary>
internal abstract class CliCommand
{
    /// <summary>The words that select this command, e.g. <c>["round", "run"]</c>.</summary>
    public abstract IReadOnlyList<string> Path { get; }

    /// <summary>One line for the list of verbs.</summary>
    public abstract string Summary { get; }

    /// <summary>What <c>--help</c> prints under the usage line: what the command does and for whom.</summary>
    public abstract string Description { get; }

    /// <summary>What <c>--help</c> prints after the options, such as examples and exit codes.</summary>
    public virtual string? Epilogue => null;

    /// <summary>The command's options and arguments; the usage line and the options in its help come from them.</summary>
    public virtual IReadOnlyList<Symbol> Parameters => [];

    /// <summary>The message for a word the command has no place for.</summary>
    public virtual string UnexpectedArgument(string word) => $"Unexpected argument '{word}'.";

    /// <summary>Runs the command; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public abstract Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken);

    public string Name => string.Join(' ', Path);
}

/// <summary>The exit codes of the executable, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int InvalidConfiguration = 3;
}

/// <summary>A mistake in how a command was called or in its input: printed as is, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
