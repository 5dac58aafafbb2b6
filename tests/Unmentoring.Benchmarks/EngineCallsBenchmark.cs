using System.Diagnostics;
using System.Globalization;
using Unmentoring.Pairing;

namespace Unmentoring.Benchmarks;

/// <summary>
/// Measures that a loaded machine disturbs little: per call of <see cref="PairingEngine.Plan(PairingRequest)"/>
/// on the realistic pool of <see cref="PairingBenchmarks"/>, the bytes allocated, the collections of each
/// generation and the process CPU time, with the wall time beside them, and a hash of the plan to show
/// that a change left the plans alone. On Linux each call's page faults are printed too (the process's minor
/// faults, from /proc/self/stat): the pages the plan touched that the process had never touched before.
/// </summary>
internal static class EngineCallsBenchmark
{
    public const string Verb = "engine-calls";

    public const string Usage = """
        Usage: engine-calls [--people N] [--calls C] [--collect yes]

          --people  the pool's size (default 1000000): organisations of about 20, 12 rounds of history
          --calls   plans made in a row (default 4); with more than 20, per call lines are printed only for
                    the first and last, and the second half is summarised (median and least wall time)
          --collect yes: a full, compacting collection before each call (untimed), as BenchmarkDotNet
                    makes before each iteration
        """;

    public static int Run(string[] args)
    {
        if (VerbOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var people = int.Parse(options.GetValueOrDefault("--people", "1000000"), CultureInfo.InvariantCulture);
        var calls = int.Parse(options.GetValueOrDefault("--calls", "4"), CultureInfo.InvariantCulture);
        var collect = options.GetValueOrDefault("--collect", "no") == "yes";
        var request = PairingWorkloads.Realistic(people);
        var quiet = calls > 20;
        var walls = new List<double>();
        var secondHalfCpu = TimeSpan.Zero;
        long secondHalfBytes = 0;
        using var process = Process.GetCurrentProcess();
        for (var call = 0; call < calls; call++)
        {
            if (collect)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            var faults = MinorFaults();
            var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var plan = PairingEngine.Plan(request);
            var wall = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            var cpuUsed = process.TotalProcessorTime - cpu;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
            faults = MinorFaults() - faults;
            if (call >= calls / 2)
            {
                walls.Add(wall);
                secondHalfCpu += cpuUsed;
                secondHalfBytes += allocated;
            }

            if (!quiet || call == 0 || call == calls - 1)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"call {call}: {wall:F2} ms wall, {cpuUsed.TotalMilliseconds:F0} ms CPU, {allocated / 1e6:F1} MB allocated, {faults} page faults, collections {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}, matched {plan.Stats.Matched}, plan hash {PlanHash(plan):X16}"));
            }
        }

        if (walls.Count > 0)
        {
            walls.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"last {walls.Count} calls: wall median {walls[walls.Count / 2]:F3} ms, least {walls[0]:F3} ms, CPU {secondHalfCpu.TotalMilliseconds / walls.Count:F3} ms a call, {secondHalfBytes / (double)walls.Count / 1e6:F2} MB allocated a call"));
        }

        return 0;
    }

    /// <summary>The process's minor page faults so far (Linux), or 0 where /proc is not there.</summary>
    private static long MinorFaults()
    {
        const string Stat = "/proc/self/stat";
        if (!File.Exists(Stat))
        {
            return 0;
        }

        // Fields after the command name, which is in parentheses and may hold spaces: minflt is the 10th field.
        var text = File.ReadAllText(Stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }

    /// <summary>FNV-1a over everything a plan says, so two builds of the engine can be compared.</summary>
    private static ulong PlanHash(PairingPlan plan)
    {
        var hash = 1469598103934665603UL;
        foreach (var group in plan.Groups)
        {
            Add(group.First);
            Add(group.Second);
            Add(group.Third);
        }

        foreach (var left in plan.SatOut.Concat(plan.Unmatched))
        {
            Add(left.Id);
        }

        foreach (var outcome in plan.Outcomes)
        {
            Add(outcome.Id);
            Add(outcome.Reason);
            Add(outcome.GroupIndex.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var repeat in plan.Repeats)
        {
            Add(repeat.A);
            Add(repeat.B);
            Add(repeat.LastRound.ToString(CultureInfo.InvariantCulture));
        }

        return hash;

        void Add(string? text)
        {
            foreach (var c in text ?? "\0")
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0xFF) * 1099511628211UL;
        }
    }
}
