using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// What the preview of the next round shows of its kept plan (<see cref="PreviewSummary"/>): counts by outcome,
/// then the groups and every participant's outcome and reason, the first <see cref="Shown"/> of each.
/// </summary>
internal sealed record RoundsBody(PreviewSummary Plan, Func<long, string> Label)
{
    public const int Shown = PreviewSummary.Shown;

    public IEnumerable<(RoundOutcome Outcome, int Count)> Counts => Plan.Counts.Select(c => (c.Outcome, c.Count));

    public static RoundsBody Of(KeptPreview preview) =>
        new(preview.Plan, id => preview.Labels.TryGetValue(id, out var label) ? label : RoundIds.Format(id));
}
