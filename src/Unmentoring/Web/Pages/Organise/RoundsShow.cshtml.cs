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
internal sealed class RoundsShowModel(RoundReports reports, RoundService service, RoundAdjustments adjustments, OutboxStore outbox) : PageModel
{
    public FormErrors Errors { get; } = new();

    /// <summary>What the organiser chose in the move, swap and resend forms, kept when a change is refused.</summary>
    public Dictionary<string, string> Chosen { get; } = [];

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
            "moved" => "The person has been moved.",
            "swapped" => "The two people have been swapped.",
            "resent" => "Their introduction has been queued to be sent again.",
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

    public Task<IActionResult> OnPostMoveAsync(string period, CancellationToken cancellationToken) =>
        ChangeAsync(period, "moved", ["move-person", "move-group"], (p, ids, actor) => adjustments.MoveAsync(p, ids[0], (int)ids[1], actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostSwapAsync(string period, CancellationToken cancellationToken) =>
        ChangeAsync(period, "swapped", ["swap-a", "swap-b"], (p, ids, actor) => adjustments.SwapAsync(p, ids[0], ids[1], actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostResendAsync(string period, CancellationToken cancellationToken) =>
        ChangeAsync(period, "resent", ["resend-person"], (p, ids, actor) => adjustments.ResendIntroductionAsync(p, ids[0], actor, cancellationToken), cancellationToken);

    /// <summary>The messages for a field left empty, by field.</summary>
    private static readonly Dictionary<string, string> Missing = new()
    {
        ["move-person"] = "Select the person to move",
        ["move-group"] = "Select the group to move them to",
        ["swap-a"] = "Select the first person to swap",
        ["swap-b"] = "Select the second person to swap",
        ["resend-person"] = "Select whose introduction to send again",
    };

    /// <summary>Reads the chosen ids, makes the change, and shows the page again with the refusal (naming the rule) if there is one.</summary>
    private async Task<IActionResult> ChangeAsync(string period, string done, string[] fields, Func<Period, long[], string, Task<AdjustmentResult>> change, CancellationToken cancellationToken)
    {
        if (!Period.TryParse(period, out var parsed))
        {
            return NotFound();
        }

        var ids = new long[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var value = Request.Form[fields[i]].ToString();
            Chosen[fields[i]] = value;
            if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ids[i]))
            {
                Errors.Add(fields[i], Missing[fields[i]]);
            }
        }

        if (!Errors.Any)
        {
            var result = await change(parsed, ids, User.Email()!);
            if (!result.Found)
            {
                return NotFound();
            }

            if (result.Done)
            {
                return Redirect($"/organise/rounds/{parsed}?done={done}");
            }

            Errors.Add(fields[0], result.Refusal!);
        }

        return await LoadAsync(period, cancellationToken) ? Page() : NotFound();
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
