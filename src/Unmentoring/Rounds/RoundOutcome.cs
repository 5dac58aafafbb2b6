using Unmentoring.Participants;

namespace Unmentoring.Rounds;

/// <summary>What a round meant for one participant; stored in <c>round_outcomes.outcome</c>.</summary>
internal enum RoundOutcome
{
    Paired,
    SatOut,
    Unmatched,
    Paused,
    NotDue,
    Skipped,
    Undeliverable,
}

internal static class RoundOutcomes
{
    public static string ToCode(this RoundOutcome outcome) => outcome switch
    {
        RoundOutcome.Paired => "paired",
        RoundOutcome.SatOut => "satOut",
        RoundOutcome.Unmatched => "unmatched",
        RoundOutcome.Paused => "paused",
        RoundOutcome.NotDue => "notDue",
        RoundOutcome.Skipped => "skipped",
        RoundOutcome.Undeliverable => "undeliverable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>Whether <paramref name="code"/> is an outcome's stored code (a filter on the organisers' round page).</summary>
    public static bool IsCode(string? code) => code is not null && Enum.GetValues<RoundOutcome>().Any(o => o.ToCode() == code);

    /// <summary>The outcome as the organisers' pages name it.</summary>
    public static string Describe(this RoundOutcome outcome) => outcome switch
    {
        RoundOutcome.Paired => "Paired",
        RoundOutcome.SatOut => "Sat out",
        RoundOutcome.Unmatched => "Could not be matched",
        RoundOutcome.Paused => "Paused",
        RoundOutcome.NotDue => "Not due",
        RoundOutcome.Skipped => "Skipped this round",
        RoundOutcome.Undeliverable => "Email undeliverable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>The outcome stored as <paramref name="code"/>; read once per participant of a round shown or replayed.</summary>
    public static RoundOutcome Parse(string code) => code switch
    {
        "paired" => RoundOutcome.Paired,
        "satOut" => RoundOutcome.SatOut,
        "unmatched" => RoundOutcome.Unmatched,
        "paused" => RoundOutcome.Paused,
        "notDue" => RoundOutcome.NotDue,
        "skipped" => RoundOutcome.Skipped,
        "undeliverable" => RoundOutcome.Undeliverable,
        _ => throw new InvalidDataException($"Unknown round outcome '{code}' in the database."),
    };

    /// <summary>
    /// Why a confirmed participant is not given to the pairing engine this round, or null when they are.
    /// Only rounds they were paired in count towards their cadence: someone who sat out or could not be
    /// matched is due again next round.
    /// </summary>
    public static (RoundOutcome Outcome, string Reason)? NotTakingPart(RoundParticipant participant, Period period, DateOnly roundDate, Period? lastPaired)
    {
        if (participant.UndeliverableAt is not null)
        {
            return (RoundOutcome.Undeliverable, "Emails to you could not be delivered, so you were left out of this round. Update your email address to take part again.");
        }

        if (participant.Status == ParticipantStatus.Paused && participant.PausedUntil == Feedback.SilencePauses.UntilTheyReturn)
        {
            return (RoundOutcome.Paused, Feedback.SilencePauses.Reason);
        }

        if (participant.Status == ParticipantStatus.Paused && participant.PausedUntil > roundDate)
        {
            return (RoundOutcome.Paused, $"Paused until {UkDates.Date(participant.PausedUntil.Value)}.");
        }

        if (participant.SkipPeriod == period.ToString())
        {
            return (RoundOutcome.Skipped, $"You asked to skip the {period.MonthName} round.");
        }

        var every = participant.Cadence.Months();
        if (lastPaired is { } last && period.MonthsSince(last) < every)
        {
            return (RoundOutcome.NotDue, $"Takes part every {every} months; next in {last.AddMonths(every).MonthName}.");
        }

        return null;
    }
}
