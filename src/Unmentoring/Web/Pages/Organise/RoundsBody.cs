using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>What the rounds pages show of a planned or stored round: its groups and every participant's outcome and reason.</summary>
internal sealed record RoundsBody(
    IReadOnlyList<IReadOnlyList<long>> Groups,
    IReadOnlyList<PlannedOutcome> Outcomes,
    Func<long, string> Label)
{
    public static RoundsBody Of(RoundReport round) =>
        new(round.Groups, round.Outcomes, id => round.Labels.GetValueOrDefault(id, RoundIds.Format(id)));

    public static RoundsBody Of(RoundPlan plan) =>
        new(plan.Groups, plan.Outcomes, id => plan.People.TryGetValue(id, out var p) ? p.Email ?? "erased:" + p.PublicId : RoundIds.Format(id));
}
