using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Mail;
using Unmentoring.Organisers;
using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// One stored round as <c>round show</c> reports it (<see cref="RoundReports.ShowAsync"/>), with each of its
/// emails' delivery state; a held round is approved here by <see cref="RoundService.ApproveAsync"/>, which
/// releases its emails and audits the organiser, as <c>round approve</c> does.
/// </summary>
internal sealed class RoundsShowModel(RoundReports reports, RoundService service, OutboxStore outbox) : PageModel
{
    public RoundReport Round { get; private set; } = null!;

    public IReadOnlyList<RoundEmailState> Emails { get; private set; } = [];

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string period, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(period, cancellationToken))
        {
            return NotFound();
        }

        Done = done switch
        {
            "run" => "The round has been planned.",
            "existed" => "This round had already been planned; nothing new was made.",
            "approved" => "The round has been approved and its emails released.",
            "not-held" => "The round was not waiting for approval; nothing was changed.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(string period, CancellationToken cancellationToken)
    {
        if (!Period.TryParse(period, out var parsed))
        {
            return NotFound();
        }

        var (found, wasHeld, _) = await service.ApproveAsync(parsed, User.Email()!, cancellationToken);
        return found ? Redirect($"/organise/rounds/{parsed}?done={(wasHeld ? "approved" : "not-held")}") : NotFound();
    }

    private async Task<bool> LoadAsync(string period, CancellationToken cancellationToken)
    {
        if (!Period.TryParse(period, out var parsed) || await reports.ShowAsync(parsed, cancellationToken) is not { } round)
        {
            return false;
        }

        Round = round;
        Emails = await outbox.RoundEmailStatesAsync(round.Id, cancellationToken);
        return true;
    }
}
