using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;
using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// Every round, a preview of the next one (planned on request by <see cref="RoundPreviews"/> as <c>round preview</c>
/// plans it, nothing of the round written, and kept to be shown until the next request) and "run it now" (<see cref="RoundService.RunAsync"/>, the path of
/// <c>round run</c> and the scheduler, so a second run of the period from anywhere finds the round already there).
/// </summary>
internal sealed class RoundsModel(RoundStore rounds, RoundService service, RoundPreviews previews, TimeProvider time) : PageModel
{
    public IReadOnlyList<StoredRound> Rounds { get; private set; } = [];

    /// <summary>The period "next round" means: this month, or the month after the latest round if that is later.</summary>
    public Period NextPeriod { get; private set; }

    /// <summary>The newest preview made, or null: shown when <see cref="ShowingPreview"/>.</summary>
    public KeptPreview? Preview { get; private set; }

    /// <summary>The page is the preview's (its GET handler), whether or not one has been made.</summary>
    public bool ShowingPreview { get; private set; }

    public bool MayChange => User.IsInRole(OrganiserRoles.Organiser);

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Shows the kept preview: planning the round on every look would take seconds with many participants.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ShowingPreview = true;
        Preview = await previews.LatestAsync(NextPeriod, cancellationToken);
        return Page();
    }

    /// <summary>Plans the next round now and keeps the result (nothing of the round is written), then shows it.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        try
        {
            await previews.MakeAsync(NextPeriod, User.Email()!, cancellationToken);
            return Redirect("/organise/rounds?handler=Preview");
        }
        catch (RoundOrderException ex)
        {
            Problem = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
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
