using System.Runtime;
using System.Runtime.CompilerServices;
using Unmentoring.Pairing;

namespace Unmentoring.Cli.Pair;

/// <summary>
/// No garbage collection while <c>unmentoring pair</c> reads its files and plans, when the runtime can promise
/// room for what it will allocate (ADR 0041). The command runs once and exits, which frees everything, so a
/// collection during it only costs time: in a fresh process the runtime's budget for large objects is small,
/// and the history's list alone exceeds it, so without this the next large array (the plan's first) set off a
/// full collection, about 4 ms at 1,000 people. Starting the region costs a collection of the still tiny heap
/// (0.6 to 5 ms, more for more room asked for). Allocating more than was asked for ends the region, and
/// collections go on as usual; so does a region the runtime refuses (another one already open in this process,
/// or too large a size).
/// </summary>
internal sealed class NoCollections : IDisposable
{
    /// <summary>The most asked for: beyond this, committing the room costs more than the collections it saves.</summary>
    private const long MostBytes = 256L << 20;

    private readonly bool _started;

    private NoCollections(bool started) => _started = started;

    /// <summary>
    /// Room for reading these CSV files and planning from them: each file counted as if it were history, the
    /// most list per byte of file (<see cref="PairInputFiles.FewestBytesPerHistoryRow"/>), and 8 MB for the plan
    /// itself and everything else.
    /// </summary>
    public static NoCollections ForFiles(params string?[] paths)
    {
        long bytes = 8L << 20;
        foreach (var path in paths)
        {
            if (path is not null && new FileInfo(path) is { Exists: true } file)
            {
                bytes += file.Length / PairInputFiles.FewestBytesPerHistoryRow * Unsafe.SizeOf<PastMeeting>();
            }
        }

        try
        {
            return new NoCollections(GC.TryStartNoGCRegion(Math.Min(bytes, MostBytes)));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return new NoCollections(false);
        }
    }

    public void Dispose()
    {
        if (_started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The region had already ended (more was allocated than asked for): nothing to end.
            }
        }
    }
}
