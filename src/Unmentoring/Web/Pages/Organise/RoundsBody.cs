using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// What the preview of the next round shows of its plan: the groups and every participant's outcome and
/// reason, the first <see cref="Shown"/> of each (a plan of 100,000 people would be a page no browser opens
/// quickly; `round preview --json` gives all of it), with counts by outcome.
/// </summary>
internal sealed record RoundsBody(
    IReadOnlyList<IReadOnlyList<long>> Groups,
    IReadOnlyList<PlannedOutcome> Outcomes,
    Func<long, string> Label)
{
    public const int Shown = 200;

    public IEnumerable<(RoundOutcome Outcome, int Count)> Counts =>
        Outcomes.GroupBy(o => o.Outcome).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()));

    public static RoundsBody Of(RoundPlan plan) =>
        new(plan.Groups, plan.Outcomes, id => plan.People.TryGetValue(id, out var p) ? p.Email ?? "erased:" + p.PublicId : RoundIds.Format(id));
}
