using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Unmentoring.Hosting;

/// <summary>
/// Declares a Quartz job at start-up as ADR 0006 declares the round's, trying again every minute while the
/// database is not there yet; a subclass says what to declare in <see cref="EnsureScheduledAsync"/>.
/// </summary>
internal abstract class ScheduleKeeper(TimeProvider time, ILogger logger, string what) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    /// <summary>Adds the job and its trigger when missing, and reschedules only when the configured schedule differs.</summary>
    internal abstract Task EnsureScheduledAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureScheduledAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not schedule {What}; trying again in a minute", what);
            }

            await Task.Delay(TimeSpan.FromMinutes(1), Time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
