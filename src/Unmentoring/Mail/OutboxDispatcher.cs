using System.Data.Common;
using Microsoft.Extensions.Options;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>
/// The hosted loops in <c>serve</c> (when Unmentoring:Roles:Dispatcher is on): each runs
/// <see cref="OutboxDispatch.RunOnceAsync"/> again at once while there is a full batch of work, otherwise
/// after PollInterval. A database or mail outage is logged and waited out; the outbox keeps every
/// message, so nothing is lost and a restart carries on where this one stopped. Loops share the work as
/// instances do, each batch under its own claim (Unmentoring:Dispatcher:Concurrency). Beside them, a
/// check-in loop tells the other instances this one is alive (<see cref="DispatcherPresence"/>).
/// </summary>
internal sealed class OutboxDispatcher(
    OutboxDispatch dispatch,
    DispatcherPresence presence,
    Database database,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var loops = settings.Concurrency ?? (database.Provider == DatabaseProvider.Postgres ? 2 : 1);
        logger.LogInformation("Outbox dispatcher {Instance} started: {Loops} at once, batches of {BatchSize}, polling every {PollInterval}", presence.Instance, loops, settings.BatchSize, settings.PollInterval);

        // The first check-in comes before the first claim, so no claim of this instance is ever seen without it.
        await CheckInAsync(stoppingToken);
        using var stopCheckins = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var checkins = Task.Run(() => CheckInLoopAsync(settings, stopCheckins.Token), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(settings, stoppingToken), CancellationToken.None)));

        // The loops have given back what they had not started; only now may this instance stop checking in.
        await stopCheckins.CancelAsync();
        await checkins;
        try
        {
            await presence.LeaveAsync(CancellationToken.None);
        }
        catch (DbException ex)
        {
            logger.LogWarning("The dispatcher's check-in could not be removed; the others will take it for stopped after Unmentoring:Dispatcher:PresumedDeadAfter: {Problem}", ex.Message);
        }
    }

    private async Task CheckInLoopAsync(DispatcherOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.CheckinInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await CheckInAsync(stoppingToken);
        }
    }

    private async Task CheckInAsync(CancellationToken stoppingToken)
    {
        try
        {
            await presence.CheckInAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A missed check-in is tried again; stopping the loop would make the others take this instance for dead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning("The dispatcher could not check in, trying again in {CheckinInterval}: {Problem}", options.Value.CheckinInterval, ex.Message);
        }
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
