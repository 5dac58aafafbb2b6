using System.Globalization;

namespace Unmentoring.Rounds;

/// <summary>
/// How dates read for people, in pages and emails alike: British English ("Tuesday 1 December 2026",
/// "December 2026"). The one place that names the culture, so every month and day name is written the same way.
/// </summary>
internal static class UkDates
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"December 2026".</summary>
    public static string Month(DateOnly date) => date.ToString("MMMM yyyy", Culture);

    /// <summary>"December 2026" for a period written yyyy-MM; anything else is returned as it is.</summary>
    public static string Month(string period) =>
        Period.TryParse(period, out var parsed) ? parsed.MonthName : period;

    /// <summary>"1 December 2026".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    /// <summary>"Tuesday 1 December 2026".</summary>
    public static string LongDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", Culture);

    /// <summary>Any other pattern, in British English (e.g. "HH:mm 'on' dddd d MMMM yyyy").</summary>
    public static string Format(DateTime time, string pattern) => time.ToString(pattern, Culture);

    public static string Format(DateTimeOffset time, string pattern) => time.ToString(pattern, Culture);
}
