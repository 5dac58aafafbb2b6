using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Unmentoring.Mail;

/// <summary>
/// The hosted loop in <c>serve</c> (when Unmentoring:Roles:Dispatcher is on): runs
/// <see cref="OutboxDispatch.RunOnceAsync"/> again at once while there is a full batch of work, otherwise
/// after PollInterval. A database or mail outage is logged and waited out; the outbox keeps every
/// message, so nothing is lost and a restart carries on where this one stopped.
/// </summary>
internal sealed class OutboxDispatcher(
    OutboxDispatch dispatch,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        logger.LogInformation("Outbox dispatcher started: batches of {BatchSize}, polling every {PollInterval}", settings.BatchSize, settings.PollInterval);
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
