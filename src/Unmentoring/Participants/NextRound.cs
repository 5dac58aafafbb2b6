using System.Globalization;
using Quartz;
using Unmentoring.Rounds;

namespace Unmentoring.Participants;

/// <summary>Which round is next, as a period (yyyy-MM), from the schedule in the current rules.</summary>
internal sealed class NextRound(RulesStore rules, TimeProvider time)
{
    public async Task<string> PeriodAsync(CancellationToken cancellationToken = default)
    {
        var current = (await rules.CurrentAsync(cancellationToken)).Rules;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(current.TimeZone);
        var now = time.GetUtcNow();
        var cron = new CronExpression(current.ScheduleCron, zone);
        var next = cron.GetNextValidTimeAfter(now) ?? now;
        return TimeZoneInfo.ConvertTime(next, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>"December 2026", for people.</summary>
    public static string Describe(string period) => Period.Parse(period).MonthName;
}
