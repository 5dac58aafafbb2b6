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

    /// <summary>The built service beside this test assembly (the project reference copies it here).</summary>
    public static string EntryAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "unmentoring.dll");
        return File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "unmentoring.runtimeconfig.json"))
            ? beside
            : throw new FileNotFoundException("The service was not built beside the tests.", beside);
    }
}
