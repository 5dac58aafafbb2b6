using System.Diagnostics;

namespace Unmentoring.Tests.Support;

/// <summary>Runs the real <c>unmentoring</c> executable, as an operator would, and collects what it prints.</summary>
public static class ServiceProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(EntryAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test run's own settings must not leak into the service under test.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Unmentoring__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"unmentoring {string.Join(' ', args)} did not finish: {await output} {await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>A service process left running: its output lines as they come, and a way to kill it.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        internal Running(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public IReadOnlyCollection<string> Lines => _lines;

        public bool HasExited => _process.HasExited;

        /// <summary>The process id, to read its /proc entries.</summary>
        public int ProcessId => _process.Id;

        /// <summary>Like kill -9: no shutdown, no chance to finish what it was doing.</summary>
        public void Kill() => _process.Kill(entireProcessTree: true);

        /// <summary>Waits until the process has ended; false if it is still running after <paramref name="timeout"/>.</summary>
        public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }

    public static Running Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(EntryAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new Running(Process.Start(start)!);
    }

    /// <summary>The built service beside this test assembly (the project reference copies it here).</summary>
    public static string EntryAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "unmentoring.dll");
        return File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "unmentoring.runtimeconfig.json"))
            ? beside
            : throw new FileNotFoundException("The service was not built beside the tests.", beside);
    }
}
