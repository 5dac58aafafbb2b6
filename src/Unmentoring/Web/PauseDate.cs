using System.Globalization;

namespace Unmentoring.Web;

/// <summary>
/// The date a pause ends, as the GOV.UK date input (fields <c>pause-day</c>, <c>pause-month</c>,
/// <c>pause-year</c>) gives it: checked the same way whether participants pause themselves or an organiser
/// pauses them, with messages about "your" or "their" pause.
/// </summary>
internal static class PauseDate
{
    public const int LongestPauseMonths = 12;

    public static readonly string[] Fields = ["pause-day", "pause-month", "pause-year"];

    /// <summary>The date, or null with the problem added to <paramref name="errors"/>. <paramref name="whose"/> is "your" or "their".</summary>
    public static DateOnly? Check(FormErrors errors, string? day, string? month, string? year, DateOnly today, string whose)
    {
        if (day is null && month is null && year is null)
        {
            errors.Add("pause-day", $"Enter the date {whose} pause ends");
        }
        else if (day is null || month is null || year is null)
        {
            var missing = string.Join(" and ", new[] { day is null ? "day" : null, month is null ? "month" : null, year is null ? "year" : null }.Where(s => s is not null));
            errors.Add(day is null ? "pause-day" : month is null ? "pause-month" : "pause-year", $"The date {whose} pause ends must include a {missing}");
        }
        else if (!TryDate(day, month, year, out var until))
        {
            errors.Add("pause-day", $"The date {whose} pause ends must be a real date, like 27 3 2027");
        }
        else if (until <= today)
        {
            errors.Add("pause-day", $"The date {whose} pause ends must be in the future");
        }
        else if (until > today.AddMonths(LongestPauseMonths))
        {
            errors.Add("pause-day", $"The date {whose} pause ends must be within the next {LongestPauseMonths} months");
        }
        else
        {
            return until;
        }

        return null;
    }

    private static bool TryDate(string day, string month, string year, out DateOnly date)
    {
        date = default;
        return day.Length <= 2 && month.Length <= 2 && year.Length == 4
            && int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && DateOnly.TryParseExact($"{y:0000}-{m:00}-{d:00}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
