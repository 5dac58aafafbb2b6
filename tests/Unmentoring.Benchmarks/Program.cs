using BenchmarkDotNet.Running;

namespace Unmentoring.Benchmarks;

/// <summary>
/// Every suite in this assembly; pick with --filter, e.g. --filter '*Pairing*'. An explicit entry point,
/// because the service's own top-level Program is visible here too.
/// </summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}
