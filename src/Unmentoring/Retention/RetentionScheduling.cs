using Microsoft.Extensions.Options;
using Quartz;
using Unmentoring.Hosting;

namespace Unmentoring.Retention;

internal static class RetentionScheduling
{
    public static readonly TriggerKey PurgeTriggerKey = new("retention-purge", "unmentoring");
    public static readonly TriggerKey CleanupTriggerKey = new("erasure-cleanup", "unmentoring");

    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section, RetentionOptions.Check);
        services.AddSingleton<ErasureCleanup>();
        services.AddSingleton<RetentionPurge>();
        services.AddSingleton<Leaving>();
        services.AddTransient<RetentionPurgeJob>();
        services.AddTransient<ErasureCleanupJob>();

        // The jobs run where the round scheduler runs (Quartz is set up by AddRounds): on PostgreSQL its
        // clustered store fires each trigger on one instance.
        if (configuration.GetValue(UnmentoringOptions.Section + ":Roles:Scheduler", true))
        {
            services.AddHostedService<RetentionScheduleKeeper>();
        }

        return services;
    }

    /// <summary>
    /// The daily purge: the configured cron, read in UTC (no daylight-saving hour to fall into), on the
    /// scheduler's clock, which the trigger reads when it works out a misfire.
    /// </summary>
    public static ITrigger PurgeTrigger(RetentionOptions options, TimeProvider clock) =>
        TriggerBuilder.Create(clock)
            .WithIdentity(PurgeTriggerKey)
            .ForJob(RetentionPurgeJob.Key)
            .WithCronSchedule(options.PurgeSchedule, cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();

    /// <summary>The first whole multiple of <paramref name="interval"/> since the Unix epoch at or after now on <paramref name="clock"/>.</summary>
    internal static DateTimeOffset NextEpochMultiple(TimeSpan interval, TimeProvider clock) =>
        DateTimeOffset.UnixEpoch + (interval * Math.Ceiling((clock.GetUtcNow() - DateTimeOffset.UnixEpoch) / interval));

    /// <summary>
    /// The clean-up every interval, counted from the Unix epoch rather than from the start of this process:
    /// a trigger that restarted its count at each deploy would never fire if deploys came more often.
    /// </summary>
    public static ITrigger CleanupTrigger(RetentionOptions options, TimeProvider clock)
    {
        var interval = options.ErasureCleanupInterval;
        return TriggerBuilder.Create(clock)
            .WithIdentity(CleanupTriggerKey)
            .ForJob(ErasureCleanupJob.Key)
            .StartAt(NextEpochMultiple(interval, clock))
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
    }
}

/// <summary>
/// Declares the purge and clean-up jobs as ADR 0006 declares the round's: added when missing, rescheduled
/// only when the configured schedule differs from the stored one, never overwritten on every start.
/// </summary>
internal sealed class RetentionScheduleKeeper(
    ISchedulerFactory schedulers,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionScheduleKeeper> logger) : ScheduleKeeper(time, logger, "the retention purge")
{
    internal override async Task EnsureScheduledAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var o = options.Value;
        await EnsureAsync(
            scheduler,
            JobBuilder.Create<RetentionPurgeJob>().WithIdentity(RetentionPurgeJob.Key).StoreDurably().Build(),
            RetentionScheduling.PurgeTrigger(o, Time),
            existing => existing is ICronTrigger cron && cron.CronExpressionString == o.PurgeSchedule && cron.TimeZone.BaseUtcOffset == TimeSpan.Zero && !cron.TimeZone.SupportsDaylightSavingTime,
            cancellationToken);
        await EnsureAsync(
            scheduler,
            JobBuilder.Create<ErasureCleanupJob>().WithIdentity(ErasureCleanupJob.Key).StoreDurably().Build(),
            RetentionScheduling.CleanupTrigger(o, Time),
            existing => existing is ISimpleTrigger simple && simple.RepeatInterval == o.ErasureCleanupInterval,
            cancellationToken);
    }

    private async Task EnsureAsync(IScheduler scheduler, IJobDetail job, ITrigger wanted, Func<ITrigger, bool> matches, CancellationToken cancellationToken)
    {
        if (!await scheduler.Exists(job.Key, cancellationToken))
        {
            try
            {
                await scheduler.AddJob(job, new AddJobOptions(), cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another node added it first.
            }
        }

        if (await scheduler.GetTrigger(wanted.Key, cancellationToken) is { } existing)
        {
            if (!matches(existing))
            {
                await scheduler.RescheduleJob(wanted.Key, wanted, cancellationToken);
                logger.LogInformation("Rescheduled {Job}; next {Next:O}", job.Key.Name, wanted.GetFireTimeAfter(Time.GetUtcNow()));
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
