using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Mail;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// "Never pair these two": everyone sees the exclusions and the participants' reports; organisers add and
/// remove exclusions (a viewer's POST is refused before this runs). The same list the 'exclusions' verbs
/// change, audited the same way.
/// </summary>
internal sealed class ExclusionsModel(ExclusionList exclusions, MatchProblemReports reports) : PageModel
{
    public const int ReasonMaxLength = 500;

    [BindProperty(Name = "first")]
    public string? First { get; set; }

    [BindProperty(Name = "second")]
    public string? Second { get; set; }

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    public IReadOnlyList<Exclusion> All { get; private set; } = [];

    public IReadOnlyList<MatchReport> Reports { get; private set; } = [];

    public string? Done { get; private set; }

    internal FormErrors Errors { get; } = new();

    public bool MayChange => User.IsInRole(OrganiserRoles.Organiser);

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        Done = done;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        First = CheckAddress("first", "the first person's", First);
        Second = CheckAddress("second", "the other person's", Second);
        Reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (Reason?.Length > ReasonMaxLength)
        {
            Errors.Add("reason", $"Reason must be {ReasonMaxLength} characters or fewer");
        }

        Participant? first = null, second = null;
        if (!Errors.Any)
        {
            (first, second) = await exclusions.FindPairAsync(First!, Second!, cancellationToken);
            if (first is null)
            {
                Errors.Add("first", $"There is no participant with the email address {First}");
            }

            if (second is null)
            {
                Errors.Add("second", $"There is no participant with the email address {Second}");
            }
            else if (first?.Id == second.Id)
            {
                Errors.Add("second", "Enter two different people: both addresses are the same person's");
            }
        }

        if (Errors.Any)
        {
            Errors.Order(["first", "second", "reason"]);
            ViewData["HasErrors"] = true;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var added = await exclusions.AddAsync(first!, second!, Reason, User.Email()!, cancellationToken);
        return RedirectToPage(new { done = added ? $"{first!.Email} and {second!.Email} will never be paired." : $"{first!.Email} and {second!.Email} were already never paired." });
    }

    public async Task<IActionResult> OnPostRemoveAsync(long firstId, long secondId, CancellationToken cancellationToken)
    {
        var removed = await exclusions.RemoveAsync(firstId, secondId, User.Email()!, cancellationToken);
        return RedirectToPage(new { done = removed ? "The exclusion was removed: they may be paired again." : "Those two were not excluded." });
    }

    private string? CheckAddress(string field, string whose, string? value)
    {
        value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (value is null)
        {
            Errors.Add(field, $"Enter {whose} email address");
        }
        else if (value.Length > EmailAddress.MaxLength || !EmailAddress.IsValid(value))
        {
            Errors.Add(field, $"Enter {whose} email address in the correct format, like name@example.com");
        }

        return value;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        All = await exclusions.AllAsync(cancellationToken);
        Reports = await reports.AllAsync(cancellationToken);
    }
}
