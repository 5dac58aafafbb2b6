using System.Data.Common;
using Microsoft.Extensions.Options;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>
/// The hosted loops in <c>serve</c> (when Unmentoring:Roles:Dispatcher is on): each runs
/// <see cref="OutboxDispatch.RunOnceAsync"/> again at once while there is a full batch of work, otherwise
/// after PollInterval. A database or mail outage is logged and waited out; the outbox keeps every
/// message, so nothing is lost and a restart carries on where this one stopped. Loops share the work as
/// instances do, each batch under its own claim (Unmentoring:Dispatcher:Concurrency).
/// </summary>
internal sealed class OutboxDispatcher(
    OutboxDispatch dispatch,
    Database database,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var loops = settings.Concurrency ?? (database.Provider == DatabaseProvider.Postgres ? 2 : 1);
        logger.LogInformation("Outbox dispatcher started: {Loops} at once, batches of {BatchSize}, polling every {PollInterval}", loops, settings.BatchSize, settings.PollInterval);
        return Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(settings, stoppingToken), CancellationToken.None)));
    }

    private async Task LoopAsync(DispatcherOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var fullBatch = false;
            try
            {
                var summary = await dispatch.RunOnceAsync(stoppingToken);
                fullBatch = summary.Claimed >= settings.BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (DbException ex)
            {
                logger.LogWarning("The database could not be reached, trying the outbox again in {PollInterval}: {Problem}", settings.PollInterval, ex.Message);
            }
#pragma warning disable CA1031 // The loop outlives any one failure: stopping it would stop all email until a restart.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "The outbox could not be worked through, trying again in {PollInterval}", settings.PollInterval);
            }

            if (!fullBatch)
            {
                try
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
