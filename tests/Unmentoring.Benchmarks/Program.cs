using BenchmarkDotNet.Running;

namespace Unmentoring.Benchmarks;

/// <summary>
/// Every suite in this assembly; pick with --filter, e.g. --filter '*Pairing*'. An explicit entry point,
/// because the service's own top-level Program is visible here too. <c>fresh-process-pair</c> runs the
/// real executable instead (see <see cref="FreshProcessPairBenchmark"/>); <c>engine-calls</c> plans in a loop
/// and counts bytes, collections and CPU per plan (see <see cref="EngineCallsBenchmark"/>); <c>relay-latency</c> sends through
/// a delaying proxy (see <see cref="RelayLatencyBenchmark"/>).
/// </summary>
public static class BenchmarkEntry
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == FreshProcessPairBenchmark.Verb)
        {
            return FreshProcessPairBenchmark.Run(args);
        }

        if (args.Length > 0 && args[0] == EngineCallsBenchmark.Verb)
        {
            return EngineCallsBenchmark.Run(args);
        }

        if (args.Length > 0 && args[0] == RelayLatencyBenchmark.Verb)
        {
            return RelayLatencyBenchmark.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
