using Microsoft.Extensions.Options;
using Quartz;
using Unmentoring.Hosting;
using Unmentoring.Rounds;

using Unmentoring.Retention;

namespace Unmentoring.Feedback;

internal static class FeedbackScheduling
{
    public static readonly TriggerKey TriggerKey = new("feedback", "unmentoring");

    public static IServiceCollection AddFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<FeedbackRequests>();
        services.AddSingleton<SilencePauses>();
        services.AddTransient<FeedbackJob>();

        // The job runs where the round scheduler runs (Quartz is set up by AddRounds): on PostgreSQL its
        // clustered store fires each firing on one instance, and the database keeps a second one harmless.
        if (configuration.GetValue(UnmentoringOptions.Section + ":Roles:Scheduler", true))
        {
            services.AddHostedService<FeedbackScheduleKeeper>();
        }

        return services;
    }

    /// <summary>
    /// Every interval, counted from the Unix epoch (as the erasure clean-up's), so deploys more frequent than
    /// the interval cannot keep putting it off. A missed firing is simply the next one, counted on
    /// <paramref name="clock"/>, the scheduler's.
    /// </summary>
    public static ITrigger Trigger(TimeSpan interval, TimeProvider clock)
    {
        return TriggerBuilder.Create(clock)
            .WithIdentity(TriggerKey)
            .ForJob(FeedbackJob.Key)
            .StartAt(RetentionScheduling.NextEpochMultiple(interval, clock))
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
    }
}

/// <summary>Sends the "did you meet?" emails and reminders that are due: thin on purpose.</summary>
[DisallowConcurrentExecution]
internal sealed class FeedbackJob(FeedbackRequests requests) : IJob
{
    public static readonly JobKey Key = new("feedback", "unmentoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await requests.SendDueAsync(cancellationToken);
}

/// <summary>
/// Declares the feedback job as ADR 0006 declares the round's: added when missing, rescheduled only when the
/// configured interval differs from the stored one, never overwritten on every start.
/// </summary>
internal sealed class FeedbackScheduleKeeper(
    ISchedulerFactory schedulers,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<FeedbackScheduleKeeper> logger) : ScheduleKeeper(time, logger, "the feedback job")
{
    internal override async Task EnsureScheduledAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (!await scheduler.Exists(FeedbackJob.Key, cancellationToken))
        {
            try
            {
                await scheduler.AddJob(JobBuilder.Create<FeedbackJob>().WithIdentity(FeedbackJob.Key).StoreDurably().Build(), new AddJobOptions(), cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another node added it first.
            }
        }

        var interval = options.Value.FeedbackCheckInterval;
        var wanted = FeedbackScheduling.Trigger(interval, Time);
        if (await scheduler.GetTrigger(FeedbackScheduling.TriggerKey, cancellationToken) is { } existing)
        {
            if (existing is not ISimpleTrigger simple || simple.RepeatInterval != interval)
            {
                await scheduler.RescheduleJob(FeedbackScheduling.TriggerKey, wanted, cancellationToken);
                logger.LogInformation("Rescheduled the feedback job every {Interval}", interval);
            }

            return;
        }

        try
        {
            await scheduler.ScheduleJob(wanted, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node scheduled it first.
        }
    }
}
