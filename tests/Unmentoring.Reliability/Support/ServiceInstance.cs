using Unmentoring.Tests.Support;

namespace Unmentoring.Reliability.Support;

/// <summary>One running <c>unmentoring serve</c> of a trial: its name (its Application Name in PostgreSQL), address and output.</summary>
public sealed class ServiceInstance(string name, ServiceProcess.Running process) : IDisposable
{
    private const string Listening = "Now listening on: ";
    private static readonly HttpClient Health = new() { Timeout = TimeSpan.FromSeconds(10) };

    public string Name { get; } = name;

    /// <summary>Where it listens, as it logs once bound; null until then.</summary>
    public Uri? Address
    {
        get
        {
            var line = process.Lines.FirstOrDefault(l => l.Contains(Listening, StringComparison.Ordinal));
            return line is null ? null : new Uri(line[(line.IndexOf(Listening, StringComparison.Ordinal) + Listening.Length)..].Trim());
        }
    }

    public int ProcessId => process.ProcessId;

    public IReadOnlyCollection<string> Lines => process.Lines;

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL: no shutdown, no chance to finish what it was doing.</summary>
    public void Kill()
    {
        Killed = true;
        process.Kill();
    }

    /// <summary>
    /// Whether the test killed it. Known at once, unlike <see cref="HasExited"/>, which turns true only once
    /// the runtime has seen the process end: a moment later, or longer on a loaded machine.
    /// </summary>
    public bool Killed { get; private set; }

    /// <summary>Waits until the process has ended; false if it is still running after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);

    public bool Logged(string text) => LoggedSince(0, text);

    /// <summary>How many lines it has written so far: a mark for <see cref="LoggedSince"/>.</summary>
    public int LineCount => process.Lines.Count;

    /// <summary>Whether a line after the first <paramref name="mark"/> lines contains <paramref name="text"/>.</summary>
    public bool LoggedSince(int mark, string text) => process.Lines.Skip(mark).Any(l => l.Contains(text, StringComparison.Ordinal));

    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var healthy = await Eventually.HoldsAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited while starting:\n{string.Join("\n", process.Lines.TakeLast(30))}");
                }

                if (Address is not { } address)
                {
                    return false;
                }

                try
                {
                    using var response = await Health.GetAsync(new Uri(address, "/health"));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            timeout);
        Assert.True(healthy, $"{Name} did not answer /health within {timeout}:\n{string.Join("\n", process.Lines.TakeLast(30))}");
    }

    public void Dispose() => process.Dispose();
}
