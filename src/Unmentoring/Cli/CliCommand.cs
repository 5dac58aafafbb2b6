namespace Unmentoring.Cli;

/// <summary>
/// One verb of the <c>unmentoring</c> executable. Commands are small: parse, call a service, print.
/// </summary>
internal abstract class CliCommand
{
    /// <summary>The words that select this command, e.g. <c>["round", "run"]</c>.</summary>
    public abstract IReadOnlyList<string> Path { get; }

    /// <summary>One line for the list of verbs.</summary>
    public abstract string Summary { get; }

    /// <summary>The full text printed by <c>--help</c>: usage, options, examples.</summary>
    public abstract string Help { get; }

    /// <summary>Options that take a value (e.g. <c>--seed</c>).</summary>
    public virtual IReadOnlyCollection<string> ValueOptions => [];

    /// <summary>Options that are switches (e.g. <c>--json</c>).</summary>
    public virtual IReadOnlyCollection<string> Flags => [];

    /// <summary>Runs the command; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public abstract Task<int> RunAsync(CommandArgs args, CliContext context, CancellationToken cancellationToken);

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
