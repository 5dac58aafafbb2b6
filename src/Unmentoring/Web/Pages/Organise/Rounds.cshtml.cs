using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;
using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// Every round, a preview of the next one (planned by <see cref="RoundService.PreviewAsync"/> as
/// <c>round preview</c> does, nothing written) and "run it now" (<see cref="RoundService.RunAsync"/>, the path of
/// <c>round run</c> and the scheduler, so a second run of the period from anywhere finds the round already there).
/// </summary>
internal sealed class RoundsModel(RoundStore rounds, RoundService service, TimeProvider time) : PageModel
{
    public IReadOnlyList<StoredRound> Rounds { get; private set; } = [];

    /// <summary>The period "next round" means: this month, or the month after the latest round if that is later.</summary>
    public Period NextPeriod { get; private set; }

    public RoundPlan? Preview { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        try
        {
            Preview = await service.PreviewAsync(NextPeriod, cancellationToken: cancellationToken);
        }
        catch (RoundOrderException ex)
        {
            Problem = ex.Message;
        }

        return Page();
    }

    /// <summary>Runs the round of the period the page showed (posted with the form), so a second press of the same button finds it already made.</summary>
    public async Task<IActionResult> OnPostRunAsync(string? period, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!Period.TryParse(period, out var chosen))
        {
            Problem = "The round to run was not given: start again from this page.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var result = await service.RunAsync(chosen, actor: User.Email()!, cancellationToken: cancellationToken);
            return Redirect($"/organise/rounds/{result.Round.Period}?done={(result.Created ? "run" : "existed")}");
        }
        catch (RoundOrderException ex)
        {
            Problem = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Rounds = await rounds.ListAsync(cancellationToken);
        var thisMonth = Period.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        NextPeriod = Rounds.Count > 0 && Rounds[0].Period >= thisMonth ? Rounds[0].Period.AddMonths(1) : thisMonth;
    }
}
