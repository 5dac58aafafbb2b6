using Quartz;

namespace Unmentoring.Rounds;

/// <summary>
/// The scheduled firing of a round: thin on purpose. The period and the round's date come from the time the
/// trigger was scheduled for (not when it actually ran), read in the rules' time zone, so a recovered or
/// misfired firing plans the same period; RoundService makes a second firing of a period a no-op. A database
/// fault is retried within the firing (<see cref="RoundRetry"/>).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RoundJob(RoundService rounds, RulesStore rules, TimeProvider time, ILogger<RoundJob> logger) : IJob
{
    public static readonly JobKey Key = new("round", "unmentoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var current = await rules.CurrentAsync(cancellationToken);
        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var date = RoundScheduling.RoundDate(current.Rules, scheduled);
        var period = Period.Of(date);
        logger.LogInformation("Round trigger fired for {Period} (scheduled {Scheduled:O}{Recovering})", period, scheduled, context.Recovering ? ", recovering" : "");
        try
        {
            await RoundRetry.RunAsync(ct => rounds.RunAsync(period, date, "scheduler", ct), period.ToString(), time, logger, cancellationToken);
        }
        catch (RoundOrderException ex)
        {
            // A later round was run by hand: there is nothing to do for this one, and retrying will not help.
            logger.LogWarning("Skipped the {Period} round: {Reason}", period, ex.Message);
        }
    }
}
