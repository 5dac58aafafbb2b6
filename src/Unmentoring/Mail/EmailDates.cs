using Unmentoring.Rounds;

namespace Unmentoring.Mail;

/// <summary>
/// The dates in emails, in UK time and British English: a round's month, its meeting window and the
/// proposed call, and when a link expires. Every email of a round has the same period and window, so the
/// last ones worked out are kept (immutable objects swapped whole, so threads can share them).
/// </summary>
internal sealed class EmailDates
{
    /// <summary>The proposed call: 10:00 UK time on the first Tuesday to Thursday of the meeting window.</summary>
    public static readonly TimeOnly ProposedStart = new(10, 0);

    private static readonly TimeZoneInfo London = FindLondon();

    private RoundDates? _round;
    private MonthText? _month;

    /// <summary>The dates of a round as an introduction writes them.</summary>
    public RoundDates Round(string period, DateOnly meetFrom, DateOnly meetBy)
    {
        var cached = _round;
        if (cached is not null && cached.Period == period && cached.MeetFromDate == meetFrom && cached.MeetByDate == meetBy)
        {
            return cached;
        }

        var slot = ProposedSlot(meetFrom);
        var offset = London.GetUtcOffset(slot);
        cached = new RoundDates(
            period,
            meetFrom,
            meetBy,
            Month(period),
            UkDates.LongDate(meetFrom),
            UkDates.LongDate(meetBy),
            $"{UkDates.Format(slot.ToOffset(offset), "dddd d MMMM yyyy, HH:mm")} to {UkDates.Format(slot.Add(IntroductionInvitation.Length).ToOffset(offset), "HH:mm")} UK time",
            slot);
        _round = cached;
        return cached;
    }

    /// <summary>"December 2026" for the period 2026-12.</summary>
    public string Month(string period)
    {
        var cached = _month;
        if (cached is not null && cached.Period == period)
        {
            return cached.Text;
        }

        cached = new MonthText(period, UkDates.Month(period));
        _month = cached;
        return cached.Text;
    }

    /// <summary>The first Tuesday, Wednesday or Thursday on or after the start of the window, at 10:00 UK time.</summary>
    public static DateTimeOffset ProposedSlot(DateOnly meetFrom)
    {
        var day = meetFrom;
        while (day.DayOfWeek is not (DayOfWeek.Tuesday or DayOfWeek.Wednesday or DayOfWeek.Thursday))
        {
            day = day.AddDays(1);
        }

        var local = day.ToDateTime(ProposedStart, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, London.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>"09:00 on Monday 7 December 2026 UK time", for when a link stops working.</summary>
    public static string LongTime(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), London);
        return UkDates.Format(local, "HH:mm 'on' dddd d MMMM yyyy") + " UK time";
    }

    private static TimeZoneInfo FindLondon()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            // Chiseled images without time-zone data: UTC is at most an hour out, and the time is only a proposal.
            return TimeZoneInfo.Utc;
        }
    }

    private sealed record MonthText(string Period, string Text);
}

/// <summary>A round's dates as the emails write them, and the proposed call's start for the .ics.</summary>
internal sealed record RoundDates(string Period, DateOnly MeetFromDate, DateOnly MeetByDate, string Month, string MeetFrom, string MeetBy, string ProposedSlot, DateTimeOffset Start);
