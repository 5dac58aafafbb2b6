using Microsoft.Extensions.Options;
using Quartz;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>The <c>Unmentoring:Scheduler</c> section: how the round scheduler runs.</summary>
internal sealed class SchedulerOptions
{
    public const string Section = "Unmentoring:Scheduler";

    /// <summary>How often a node of a cluster records that it is alive (PostgreSQL only).</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long after a missed check-in the other nodes recover a node's work (PostgreSQL only).</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How late a firing may be and still count as on time; later firings are misfires, fired once at once.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// With SQLite (no persistent schedule) a round that was due while the service was down runs when it
    /// starts, if it was due within this long.
    /// </summary>
    public TimeSpan CatchUpWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each node compares the trigger with the rules, so that `rules set` reschedules.</summary>
    public TimeSpan RulesCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the scheduler looks for "did you meet?" emails and reminders that are due.</summary>
    public TimeSpan FeedbackCheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    internal static IEnumerable<string> Check(SchedulerOptions o, string section)
    {
        if (o.CheckinInterval < TimeSpan.FromSeconds(1) || o.CheckinInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{section}:CheckinInterval must be between 00:00:01 and 00:10:00.";
        }

        if (o.CheckinMisfireThreshold < o.CheckinInterval)
        {
            yield return $"{section}:CheckinMisfireThreshold must be at least {section}:CheckinInterval.";
        }

        if (o.MisfireThreshold < TimeSpan.FromSeconds(1))
        {
            yield return $"{section}:MisfireThreshold must be at least 00:00:01.";
        }

        if (o.CatchUpWithin < TimeSpan.Zero || o.RulesCheckInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{section}:CatchUpWithin must not be negative and {section}:RulesCheckInterval must be at least 00:00:01.";
        }

        if (o.FeedbackCheckInterval < TimeSpan.FromSeconds(1) || o.FeedbackCheckInterval > TimeSpan.FromDays(1))
        {
            yield return $"{section}:FeedbackCheckInterval must be between 00:00:01 and 1.00:00:00.";
        }
    }
}

internal static class RoundScheduling
{
    public static readonly TriggerKey TriggerKey = new("round-schedule", "unmentoring");

    public static IServiceCollection AddRounds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SchedulerOptions>(SchedulerOptions.Section, SchedulerOptions.Check);
        services.AddSingleton<RoundStore>();
        services.AddSingleton<RoundHistory>();
        services.AddSingleton<ExclusionList>();
        services.AddSingleton<RoundPlanner>();
        services.AddSingleton<RoundService>();
        services.AddSingleton<RoundPreviews>();
        services.AddSingleton<RoundReports>();
        services.AddSingleton<RoundAdjustmentStore>();
        services.AddSingleton<RoundPeopleStore>();
        services.AddSingleton<RoundAdjustments>();
        services.AddSingleton<IRoundEmailSource, RoundEmails>();
        services.AddTransient<RoundJob>();

        if (!configuration.GetValue(UnmentoringOptions.Section + ":Roles:Scheduler", true))
        {
            return services;
        }

        var postgres = configuration.GetConnectionString("Postgres");
        var scheduler = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s =>
            {
                s.InstanceName = "unmentoring";
                s.GenerateInstanceId = true;
            });
            quartz.UseDefaultThreadPool(2);

            // No UseTimeProvider: it would replace the container's TimeProvider for the whole host. Quartz runs on
            // the host's own clock (TimeProvider.System in production), and in Quartz 4.7 its waits, misfires and
            // cluster check-ins all read and wait on that clock, so a test's fake clock drives the real scheduler
            // (ADR 0038). The triggers are built on the same clock: a trigger works out its misfires on its own.
            if (string.IsNullOrWhiteSpace(postgres))
            {
                quartz.UseInMemoryStore(o => o.MisfireThreshold = scheduler.MisfireThreshold);
            }
            else
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(postgres);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = scheduler.CheckinInterval;
                        c.CheckinMisfireThreshold = scheduler.CheckinMisfireThreshold;
                    });
                    store.ConfigureStore(o => o.MisfireThreshold = scheduler.MisfireThreshold);
                });
            }
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        services.AddHostedService<RoundScheduleKeeper>();
        return services;
    }

    /// <summary>
    /// The trigger the rules ask for: their cron in their zone; a misfire fires once, as soon as possible. The
    /// scheduler's clock (the host's) must be passed when the trigger is scheduled: the trigger reads "now" from
    /// it when it works out a misfire; for reading fire times alone any clock does.
    /// </summary>
    public static ITrigger TriggerFor(SchemeRules rules, TimeProvider? clock = null) =>
        TriggerBuilder.Create(clock)
            .WithIdentity(TriggerKey)
            .ForJob(RoundJob.Key)
            .WithDescription($"{rules.ScheduleCron} in {rules.TimeZone}")
            .WithCronSchedule(rules.ScheduleCron, cron => cron
                .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZone))
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();

    /// <summary>
    /// The day a firing of the schedule plans its round for: the time it was scheduled at, read in the rules'
    /// time zone (the round's period is that day's month). The one place a fire time becomes a round.
    /// </summary>
    public static DateOnly RoundDate(SchemeRules rules, DateTimeOffset fireTime) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fireTime, TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZone)).DateTime);

    /// <summary>The next time the rules' schedule fires after <paramref name="now"/>, if ever.</summary>
    public static DateTimeOffset? NextFireAfter(SchemeRules rules, DateTimeOffset now) =>
        CronExpression.Parse(rules.ScheduleCron).WithTimeZone(TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZone)).GetNextValidTimeAfter(now);

    /// <summary>The last time the rules' schedule fired before <paramref name="now"/>, if any.</summary>
    public static DateTimeOffset? LastFireBefore(SchemeRules rules, DateTimeOffset now)
    {
        var cron = CronExpression.Parse(rules.ScheduleCron).WithTimeZone(TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZone));
        return cron.GetPreviousValidTimeBefore(now);
    }
}

/// <summary>
/// Keeps the stored trigger in step with the rules. The job and trigger are added only if missing and
/// replaced only when the schedule in the rules differs, never on every start: re-declaring them at each
/// deploy can reset or skip a monthly firing (quartznet#3702). With SQLite, whose schedule lives in memory,
/// it also runs a round that fell due while the service was down.
/// </summary>
internal sealed class RoundScheduleKeeper(
    ISchedulerFactory schedulers,
    RulesStore rules,
    RoundService rounds,
    RoundStore stored,
    Database database,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<RoundScheduleKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var current = await rules.CurrentAsync(stoppingToken);
                await EnsureScheduledAsync(current.Rules, stoppingToken);
                if (first && database.Provider == DatabaseProvider.Sqlite)
                {
                    await CatchUpAsync(current.Rules, stoppingToken);
                }

                first = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be briefly away; the next check tries again and nothing is lost meanwhile.
                logger.LogWarning(ex, "Could not check the round schedule; trying again in {Interval}", options.Value.RulesCheckInterval);
            }

            await Task.Delay(options.Value.RulesCheckInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    internal async Task EnsureScheduledAsync(SchemeRules current, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (!await scheduler.Exists(RoundJob.Key, cancellationToken))
        {
            var job = JobBuilder.Create<RoundJob>().WithIdentity(RoundJob.Key).StoreDurably().RequestRecovery().Build();
            try
            {
                await scheduler.AddJob(job, new AddJobOptions(), cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another node added it first.
            }
        }

        var wanted = RoundScheduling.TriggerFor(current, time);
        if (await scheduler.GetTrigger(RoundScheduling.TriggerKey, cancellationToken) is ICronTrigger existing)
        {
            if (existing.CronExpressionString == current.ScheduleCron && existing.TimeZone.Id == current.TimeZone)
            {
                return;
            }

            await scheduler.RescheduleJob(RoundScheduling.TriggerKey, wanted, cancellationToken);
            logger.LogInformation("Rescheduled rounds to {Cron} in {Zone}", current.ScheduleCron, current.TimeZone);
            return;
        }

        try
        {
            await scheduler.ScheduleJob(wanted, new ScheduleJobOptions(), cancellationToken);
            logger.LogInformation("Scheduled rounds at {Cron} in {Zone}; next {Next:O}", current.ScheduleCron, current.TimeZone, wanted.GetFireTimeAfter(time.GetUtcNow()));
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node scheduled it first.
        }
    }

    internal async Task<RoundRunResult?> CatchUpAsync(SchemeRules current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (RoundScheduling.LastFireBefore(current, now) is not { } missed || now - missed > options.Value.CatchUpWithin)
        {
            return null;
        }

        var date = RoundScheduling.RoundDate(current, missed);
        var period = Period.Of(date);
        if (await stored.FindAsync(period, cancellationToken: cancellationToken) is not null)
        {
            return null;
        }

        logger.LogInformation("The {Period} round was due at {Missed:O} while the service was down; running it now", period, missed);
        try
        {
            return await rounds.RunAsync(period, date, "scheduler (catch-up)", cancellationToken);
        }
        catch (RoundOrderException ex)
        {
            logger.LogWarning("Did not catch up the {Period} round: {Reason}", period, ex.Message);
            return null;
        }
    }
}
