using System.Globalization;

namespace Unmentoring.Rounds;

/// <summary>A round's month, written <c>yyyy-MM</c> (e.g. 2026-12). One round per period.</summary>
internal readonly record struct Period(int Year, int Month) : IComparable<Period>
{
    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 2000 || month is < 1 or > 12)
        {
            return false;
        }

        period = new Period(year, month);
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period: write the year and month as yyyy-MM, for example 2026-12.");

    public static Period Of(DateOnly date) => new(date.Year, date.Month);

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public Period AddMonths(int months) => Of(FirstDay.AddMonths(months));

    /// <summary>Months from <paramref name="earlier"/> to this period (positive when this one is later).</summary>
    public int MonthsSince(Period earlier) => ((Year - earlier.Year) * 12) + Month - earlier.Month;

    /// <summary>"December 2026", for people.</summary>
    public string MonthName => UkDates.Month(FirstDay);

    public int CompareTo(Period other) => MonthsSince(other) switch { > 0 => 1, < 0 => -1, _ => 0 };

    public override string ToString() => $"{Year:D4}-{Month:D2}";

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;
}
