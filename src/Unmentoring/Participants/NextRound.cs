using System.Globalization;
using Unmentoring.Rounds;

namespace Unmentoring.Participants;

/// <summary>Which round is next, from the schedule in the current rules.</summary>
internal sealed class NextRound(RulesStore rules, TimeProvider time)
{
    public async Task<Period> PeriodAsync(CancellationToken cancellationToken = default)
    {
        var current = (await rules.CurrentAsync(cancellationToken)).Rules;
        var now = time.GetUtcNow();
        var next = RoundScheduling.NextFireAfter(current, now) ?? now;
        return Period.Of(RoundScheduling.RoundDate(current, next));
    }

    /// <summary>"December 2026", for people.</summary>
    public static string Describe(string period) => Period.Parse(period).MonthName;
}
