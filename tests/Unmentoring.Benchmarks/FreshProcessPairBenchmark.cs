using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Unmentoring.Benchmarks;

/// <summary>
/// What an organiser waits for: the real <c>unmentoring pair</c> executable, a fresh process per run, on a
/// generated long-running scheme (<see cref="LongRunningScheme"/>). Reports, per run and as medians, the
/// engine's own time (<c>stats.elapsedMs</c> in the plan) and the whole command's wall time.
/// </summary>
internal static class FreshProcessPairBenchmark
{
    public const string Verb = "fresh-process-pair";

    public const string Usage = """
        Usage: fresh-process-pair --exe PATH [--people N] [--runs R] [--data DIR] [--seed S]

          --exe     the unmentoring executable (or its .dll, run with dotnet), e.g.
                    src/Unmentoring/bin/Release/net10.0/unmentoring
          --people  the scheme's size (default 1000): 0.75 N rounds of full random pairings
          --runs    timed runs (default 7), after one untimed run that warms the file cache
          --data    where the CSV files are written once and reused (default: the temp folder)
          --seed    the plan's seed (default 2026)
        """;

    public static int Run(string[] args)
    {
        if (VerbOptions.Parse(args) is not { } options || !options.TryGetValue("--exe", out var exe))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var people = int.Parse(options.GetValueOrDefault("--people", "1000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(options.GetValueOrDefault("--runs", "7"), CultureInfo.InvariantCulture);
        var seed = options.GetValueOrDefault("--seed", "2026");
        var data = options.GetValueOrDefault("--data", Path.Combine(Path.GetTempPath(), $"unmentoring-long-running-{people}"));
        if (!File.Exists(Path.Combine(data, "rules.json")))
        {
            Console.WriteLine($"Writing the long-running scheme of {people} people to {data}");
            LongRunningScheme.Generate(people).WriteFiles(data);
        }

        var output = Path.Combine(data, "plan.json");
        string[] pairArgs =
        [
            "pair",
            "--participants", Path.Combine(data, "participants.csv"),
            "--history", Path.Combine(data, "history.csv"),
            "--rules", Path.Combine(data, "rules.json"),
            "--seed", seed,
            "--output", output,
        ];

        Console.WriteLine($"{exe} {string.Join(' ', pairArgs)}");
        Console.WriteLine($"uptime: {Uptime()}");
        RunOnce(exe, pairArgs, output);
        var engine = new List<double>();
        var wall = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (elapsedMs, matched, participants, wallMs) = RunOnce(exe, pairArgs, output);
            engine.Add(elapsedMs);
            wall.Add(wallMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: stats.elapsedMs {elapsedMs:F2}  wall {wallMs:F0} ms  matched {matched} of {participants}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median of {runs}: stats.elapsedMs {Median(engine):F2}  wall {Median(wall):F0} ms  (min elapsedMs {engine.Min():F2}, min wall {wall.Min():F0} ms)"));
        Console.WriteLine($"uptime: {Uptime()}");
        return 0;
    }

    private static (double ElapsedMs, int Matched, int Participants, double WallMs) RunOnce(string exe, string[] pairArgs, string output)
    {
        var start = new ProcessStartInfo(exe.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (exe.EndsWith(".dll", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(exe);
        }

        foreach (var arg in pairArgs)
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var wallMs = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }

        using var plan = JsonDocument.Parse(File.ReadAllBytes(output));
        var stats = plan.RootElement.GetProperty("stats");
        return (stats.GetProperty("elapsedMs").GetDouble(), stats.GetProperty("matched").GetInt32(), stats.GetProperty("participants").GetInt32(), wallMs);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Uptime() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "(no /proc/loadavg)";
}
