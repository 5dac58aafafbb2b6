using Xunit.Abstractions;

namespace Unmentoring.Reliability.Support;

/// <summary>
/// Where a trial's moments and counts go: the test's output, and one line each in
/// <c>reliability-results.log</c> beside the test assembly, from which docs/reliability.md's table is made.
/// </summary>
public sealed class TrialLog(ITestOutputHelper output)
{
    private static readonly Lock FileLock = new();

    public static string ResultsFile => Path.Combine(AppContext.BaseDirectory, "reliability-results.log");

    public void Write(string line)
    {
        var stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        output.WriteLine(stamped);
        lock (FileLock)
        {
            File.AppendAllText(ResultsFile, stamped + Environment.NewLine);
        }
    }
}
