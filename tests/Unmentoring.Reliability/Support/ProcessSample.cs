using System.Globalization;

namespace Unmentoring.Reliability.Support;

/// <summary>A process's resident memory and open file descriptors (sockets included), read from /proc.</summary>
public sealed record ProcessSample(TimeSpan At, long ResidentKiB, int OpenHandles, int Threads)
{
    public static ProcessSample Take(int processId, TimeSpan at)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        long Field(string name) => long.Parse(
            status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);
        return new ProcessSample(at, Field("VmRSS"), Directory.GetFileSystemEntries($"/proc/{processId}/fd").Length, (int)Field("Threads"));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At.TotalSeconds:0} s: {ResidentKiB / 1024} MiB resident, {OpenHandles} handles, {Threads} threads");
}
