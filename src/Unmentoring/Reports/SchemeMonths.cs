using Unmentoring.Rounds;

namespace Unmentoring.Reports;

/// <summary>
/// Sign-ups, confirmations and leavers by calendar month in the scheme's time zone, from each person's three
/// dates: every month from the first with any of them to the last, quiet months included, so a chart's time
/// axis has no gaps.
/// </summary>
internal static class SchemeMonths
{
    public static IReadOnlyList<MonthFigures> Count(IEnumerable<(DateTime CreatedAt, DateTime? ConfirmedAt, DateTime? LeftAt)> people, TimeZoneInfo zone)
    {
        var signUps = new Dictionary<Period, long>();
        var confirmations = new Dictionary<Period, long>();
        var leavers = new Dictionary<Period, long>();
        foreach (var (createdAt, confirmedAt, leftAt) in people)
        {
            Add(signUps, MonthOf(createdAt, zone));
            if (confirmedAt is { } confirmed)
            {
                Add(confirmations, MonthOf(confirmed, zone));

                // Only someone who had joined can leave; an unconfirmed sign-up that is deleted never took part.
                if (leftAt is { } left)
                {
                    Add(leavers, MonthOf(left, zone));
                }
            }
        }

        var all = signUps.Keys.Concat(confirmations.Keys).Concat(leavers.Keys).ToList();
        if (all.Count == 0)
        {
            return [];
        }

        var months = new List<MonthFigures>();
        var signedUp = 0L;
        for (var month = all.Min(); month <= all.Max(); month = month.AddMonths(1))
        {
            var confirmed = confirmations.GetValueOrDefault(month);
            var left = leavers.GetValueOrDefault(month);
            signedUp += confirmed - left;
            months.Add(new MonthFigures(month.ToString(), signUps.GetValueOrDefault(month), confirmed, left, signedUp));
        }

        return months;
    }

    private static Period MonthOf(DateTime utc, TimeZoneInfo zone) =>
        Period.Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone)));

    private static void Add(Dictionary<Period, long> counts, Period month) => counts[month] = counts.GetValueOrDefault(month) + 1;
}
