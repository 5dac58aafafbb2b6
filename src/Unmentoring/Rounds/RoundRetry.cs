using System.Data.Common;

namespace Unmentoring.Rounds;

/// <summary>
/// A scheduled round that meets a database fault (a restart, a terminated connection, a failover) is tried
/// again after a pause instead of waiting for the next firing, which on a monthly schedule is a month away.
/// A round is one transaction and a second run of a period does nothing, so trying again is safe. Retrying
/// happens inside the firing, not through a new trigger, because the trigger store is that same database.
/// </summary>
internal static class RoundRetry
{
    /// <summary>The pauses between tries: about twelve minutes in all, long enough for a restart or a failover.</summary>
    public static readonly IReadOnlyList<TimeSpan> Pauses =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(4)];

    public static async Task RunAsync(Func<CancellationToken, Task> run, string period, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await run(cancellationToken);
                return;
            }
            catch (Exception ex) when (IsDatabaseFault(ex) && attempt < Pauses.Count && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The {Period} round met a database fault (try {Try} of {Tries}); trying again in {Pause}", period, attempt + 1, Pauses.Count + 1, Pauses[attempt]);
                await Task.Delay(Pauses[attempt], time, cancellationToken);
            }
        }
    }

    private static bool IsDatabaseFault(Exception ex) =>
        ex is DbException or TimeoutException || (ex.InnerException is { } inner && IsDatabaseFault(inner));
}
