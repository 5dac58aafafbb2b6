namespace Unmentoring.Reliability.Support;

/// <summary>
/// The suite's share of the two cores. Every trial class runs at once because most of them mostly wait;
/// the parts that need the CPU (a kill trial from its start to the kill, the sign-up trial whole: its round
/// of 10,000 must also be sent within its time) pass this gate, so the sign-up trial's latencies are those
/// of one service on the machine, not of a dozen starting.
/// UNMENTORING_RELIABILITY_BUSY_TRIALS sets how many slots it has (2).
/// </summary>
public static class CpuGate
{
    public static int Slots { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("UNMENTORING_RELIABILITY_BUSY_TRIALS"), out var n) && n > 0 ? n : 2;

    private static readonly SemaphoreSlim Gate = new(Slots);

    /// <summary>Waits for one slot (waiters are served first come, first served); dispose to give it back.</summary>
    public static async Task<IDisposable> EnterAsync() => await EnterAsync(1);

    /// <summary>Waits for every slot, for a trial that must have the machine to itself.</summary>
    public static async Task<IDisposable> EnterAloneAsync() => await EnterAsync(Slots);

    private static async Task<IDisposable> EnterAsync(int slots)
    {
        for (var i = 0; i < slots; i++)
        {
            await Gate.WaitAsync();
        }

        return new Held(slots);
    }

    private sealed class Held(int slots) : IDisposable
    {
        private int _slots = slots;

        public void Dispose()
        {
            var slots = Interlocked.Exchange(ref _slots, 0);
            if (slots > 0)
            {
                Gate.Release(slots);
            }
        }
    }
}
