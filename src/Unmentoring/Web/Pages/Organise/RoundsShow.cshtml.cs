using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;
using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// One stored round: its facts, counts by outcome and by email state, and its people a page at a time (their
/// group, outcome, reason and newest email), so it stays quick at 100,000 people. A held round is approved
/// here by <see cref="RoundService.ApproveAsync"/>, as <c>round approve</c> does, and its groups changed by
/// <see cref="RoundAdjustments"/>; people are named in the forms by their email address.
/// </summary>
internal sealed class RoundsShowModel(RoundStore rounds, RoundPeopleStore people, RoundService service, RoundAdjustments adjustments) : PageModel
{
    /// <summary>The form fields that name a person, and the ones that name a group, in the order they appear.</summary>
    private static readonly string[] FieldOrder = ["move-person", "move-group", "swap-a", "swap-b", "resend-person"];

    /// <summary>The messages for a field left empty, by field.</summary>
    private static readonly Dictionary<string, string> Missing = new()
    {
        ["move-person"] = "Enter the email address of the person to move",
        ["move-group"] = "Enter the number of the group to move them to",
        ["swap-a"] = "Enter the email address of the first person to swap",
        ["swap-b"] = "Enter the email address of the second person to swap",
        ["resend-person"] = "Enter the email address of the person whose introduction to send again",
    };

    public FormErrors Errors { get; } = new();

    /// <summary>What the organiser typed in the move, swap and resend forms, kept when a change is refused.</summary>
    public Dictionary<string, string> Chosen { get; } = [];

    public StoredRound Round { get; private set; } = null!;

    public Dictionary<string, int> Outcomes { get; private set; } = [];

    public int Repeats { get; private set; }

    public int GroupCount { get; private set; }

    public Dictionary<string, int> Emails { get; private set; } = [];

    public IReadOnlyList<RoundPersonRow> People { get; private set; } = [];

    /// <summary>How many people match the filter, over every page.</summary>
    public int Matching { get; private set; }

    public RoundPeopleQuery Query { get; private set; } = new(null, null, 1);

    public int PageCount => Math.Max(1, (Matching + Query.PageSize - 1) / Query.PageSize);

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string period, string? done, string? outcome, string? who, int? pageNumber, CancellationToken cancellationToken)
    {
        Query = new RoundPeopleQuery(
            RoundOutcomes.IsCode(outcome) ? outcome : null,
            string.IsNullOrWhiteSpace(who) ? null : who.Trim()[..Math.Min(who.Trim().Length, 254)],
            Math.Max(pageNumber ?? 1, 1));
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
        ChangeAsync(period, "moved", ["move-person"], "move-group", (p, ids, group, actor) => adjustments.MoveAsync(p, ids[0], group!.Value, actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostSwapAsync(string period, CancellationToken cancellationToken) =>
        ChangeAsync(period, "swapped", ["swap-a", "swap-b"], null, (p, ids, _, actor) => adjustments.SwapAsync(p, ids[0], ids[1], actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostResendAsync(string period, CancellationToken cancellationToken) =>
        ChangeAsync(period, "resent", ["resend-person"], null, (p, ids, _, actor) => adjustments.ResendIntroductionAsync(p, ids[0], actor, cancellationToken), cancellationToken);

    /// <summary>
    /// Finds the people named by address (and the group, if the form has one) in this round, makes the change,
    /// and shows the page again with what to fix, or the refusal naming the rule, if there is one.
    /// </summary>
    private async Task<IActionResult> ChangeAsync(
        string period,
        string done,
        string[] personFields,
        string? groupField,
        Func<Period, long[], int?, string, Task<AdjustmentResult>> change,
        CancellationToken cancellationToken)
    {
        if (!Period.TryParse(period, out var parsed) || await rounds.FindAsync(parsed, cancellationToken: cancellationToken) is not { } round)
        {
            return NotFound();
        }

        var ids = new long[personFields.Length];
        for (var i = 0; i < personFields.Length; i++)
        {
            var value = Keep(personFields[i]);
            if (value.Length == 0)
            {
                Errors.Add(personFields[i], Missing[personFields[i]]);
            }
            else if (await people.FindByEmailAsync(round.Id, value, cancellationToken) is { } id)
            {
                ids[i] = id;
            }
            else
            {
                Errors.Add(personFields[i], $"{value} is not in this round: enter the email address of someone in it");
            }
        }

        int? group = null;
        if (groupField is not null)
        {
            var value = Keep(groupField);
            if (value.Length == 0)
            {
                Errors.Add(groupField, Missing[groupField]);
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
            {
                group = number;
            }
            else
            {
                Errors.Add(groupField, "The group must be a group number, like 12");
            }
        }

        if (!Errors.Any)
        {
            var result = await change(parsed, ids, group, User.Email()!);
            if (!result.Found)
            {
                return NotFound();
            }

            if (result.Done)
            {
                return Redirect($"/organise/rounds/{parsed}?done={done}");
            }

            Errors.Add(personFields[0], result.Refusal!);
        }

        Errors.Order(FieldOrder);
        return await LoadAsync(period, cancellationToken) ? Page() : NotFound();
    }

    private string Keep(string field)
    {
        var value = Request.Form[field].ToString().Trim();
        Chosen[field] = value;
        return value;
    }

    private async Task<bool> LoadAsync(string period, CancellationToken cancellationToken)
    {
        if (!Period.TryParse(period, out var parsed) || await rounds.FindAsync(parsed, cancellationToken: cancellationToken) is not { } round)
        {
            return false;
        }

        Round = round;
        Outcomes = await people.OutcomeCountsAsync(round.Id, cancellationToken);
        Repeats = await people.RepeatCountAsync(round.Id, cancellationToken);
        GroupCount = await people.GroupCountAsync(round.Id, cancellationToken);
        Emails = await people.EmailCountsAsync(round.Id, cancellationToken);
        (People, Matching) = await people.PageAsync(round.Id, Query, cancellationToken);
        return true;
    }
}
