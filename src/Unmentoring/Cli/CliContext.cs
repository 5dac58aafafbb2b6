namespace Unmentoring.Cli;

/// <summary>
/// What a command may touch: its output streams, configuration added on top of the usual sources, and
/// the clock. Tests pass their own writers, settings and time.
/// </summary>
internal sealed class CliContext(
    TextWriter output,
    TextWriter error,
    IReadOnlyDictionary<string, string?> settings,
    TimeProvider time)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Settings laid over appsettings.json and the environment (e.g. by tests).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; } = settings;

    public TimeProvider Time { get; } = time;
}
