using Quartz;

namespace Unmentoring.Retention;

/// <summary>
/// The <c>Unmentoring:Retention</c> section: how long personal data is kept, and when the service removes
/// it. The privacy notice reads its figures from here, so it says what the service does.
/// </summary>
internal sealed class RetentionOptions
{
    public const string Section = "Unmentoring:Retention";

    /// <summary>Longest any period may be: ten years.</summary>
    internal const int MaxDays = 3650;

    /// <summary>Days after a confirmation link expired unused before the sign-up is removed.</summary>
    public int UnconfirmedSignUpDays { get; set; } = 30;

    /// <summary>Days after someone unsubscribed before their personal data is erased; 0 erases it as they leave.</summary>
    public int UnsubscribedDays { get; set; } = 90;

    /// <summary>Days after an email was sent (or given up on) before its recipient, subject and any kept content are removed.</summary>
    public int SentEmailDays { get; set; } = 90;

    /// <summary>When the daily purge runs: a Quartz cron expression, read in UTC.</summary>
    public string PurgeSchedule { get; set; } = "0 30 3 * * ?";

    /// <summary>
    /// How often the database files are cleaned after erasures (only when there were any): the longest an
    /// erased person's old row versions stay readable in the live files.
    /// </summary>
    public TimeSpan ErasureCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>"30 days", "1 day": for the privacy notice.</summary>
    public static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>"an hour", "2 hours", "30 minutes": the clean-up interval for the privacy notice.</summary>
    public static string Describe(TimeSpan interval) => interval switch
    {
        { TotalHours: 1 } => "an hour",
        { TotalMinutes: 1 } => "a minute",
        _ when interval.TotalHours == Math.Floor(interval.TotalHours) => $"{interval.TotalHours:0} hours",
        _ => $"{Math.Ceiling(interval.TotalMinutes):0} minutes",
    };

    internal static IEnumerable<string> Check(RetentionOptions o, string section)
    {
        foreach (var (name, days) in new[]
                 {
                     (nameof(UnconfirmedSignUpDays), o.UnconfirmedSignUpDays),
                     (nameof(UnsubscribedDays), o.UnsubscribedDays),
                     (nameof(SentEmailDays), o.SentEmailDays),
                 })
        {
            if (days < 0 || days > MaxDays)
            {
                yield return $"{section}:{name} must be a whole number of days from 0 to {MaxDays}.";
            }
        }

        if (!CronExpression.TryParse(o.PurgeSchedule ?? "", out _))
        {
            yield return $"{section}:PurgeSchedule must be a Quartz cron expression such as 0 30 3 * * ? (03:30 UTC every day).";
        }

        if (o.ErasureCleanupInterval < TimeSpan.FromMinutes(1) || o.ErasureCleanupInterval > TimeSpan.FromDays(1))
        {
            yield return $"{section}:ErasureCleanupInterval must be between 00:01:00 and 1.00:00:00.";
        }
    }
}
