using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Mail;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// The outbox as <c>outbox show</c> reports it (<see cref="OutboxReport"/>): counts by state, then the failed
/// and ambiguous emails a page at a time. Organisers send chosen ones again or mark them as delivered
/// (<see cref="FailedEmailActions"/>); a viewer's POST is refused before this runs.
/// </summary>
internal sealed class OutboxModel(OutboxReport report, FailedEmailActions actions) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The checkboxes' name; each box's id is <see cref="CheckboxId"/>.</summary>
    public const string IdsField = "ids";

    public const string SendAgain = "send-again";

    public const string MarkDelivered = "mark-delivered";

    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();

    public IReadOnlyList<OutboxProblem> Problems { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public bool HasOlder { get; private set; }

    public string? Done { get; private set; }

    /// <summary>The emails the organiser had chosen, ticked again when the page is shown with a refusal.</summary>
    public IReadOnlySet<long> Chosen { get; private set; } = new HashSet<long>();

    internal FormErrors Errors { get; } = new();

    /// <summary>The POST chose no email: the message shown above the checkboxes.</summary>
    public string? NothingSelected { get; private set; }

    public bool MayChange => User.IsInRole(OrganiserRoles.Organiser);

    public async Task OnGetAsync(int pageNumber = 1, string? done = null, int count = 0, CancellationToken cancellationToken = default)
    {
        Done = done switch
        {
            SendAgain => string.Create(CultureInfo.InvariantCulture, $"{Emails(count)} queued to be sent again."),
            MarkDelivered => string.Create(CultureInfo.InvariantCulture, $"{Emails(count)} marked as delivered."),
            _ => null,
        };
        await LoadAsync(pageNumber, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string? action, int pageNumber = 1, CancellationToken cancellationToken = default)
    {
        if (action is not (SendAgain or MarkDelivered))
        {
            return BadRequest();
        }

        var ids = Request.Form[IdsField]
            .Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>()
            .ToHashSet();
        Chosen = ids;
        await LoadAsync(pageNumber, cancellationToken);
        if (ids.Count == 0)
        {
            // GOV.UK: a checkboxes error links to the first box.
            NothingSelected = action == SendAgain ? "Select the emails to send again" : "Select the emails to mark as delivered";
            Errors.Add(Problems.Count > 0 ? CheckboxId(Problems[0]) : IdsField, NothingSelected);
        }
        else
        {
            var actor = User.Email()!;
            var results = action == SendAgain
                ? await actions.SendAgainAsync(ids, actor, cancellationToken)
                : await actions.MarkDeliveredAsync(ids, actor, cancellationToken);
            var done = results.Count(r => r.Done);
            if (results.All(r => r.Done))
            {
                return RedirectToPage(new { done = action, count = done });
            }

            foreach (var refused in results.Where(r => !r.Done))
            {
                Errors.Add(CheckboxId(refused.Id), refused.Refusal!);
            }

            Done = done == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{Emails(done)} {(action == SendAgain ? "queued to be sent again" : "marked as delivered")}; the others were not changed.");
            Chosen = results.Where(r => !r.Done).Select(r => r.Id).ToHashSet();
        }

        ViewData["HasErrors"] = true;

        // The page as it is now: what was done has left the list.
        await LoadAsync(pageNumber, cancellationToken);
        return Page();
    }

    public static string CheckboxId(OutboxProblem problem) => CheckboxId(problem.Id);

    private static string CheckboxId(long id) => string.Create(CultureInfo.InvariantCulture, $"email-{id}");

    /// <summary>Why this email cannot be sent again, shown beside it; null when it can.</summary>
    public static string? CannotSendAgain(OutboxProblem problem) => problem.ParticipantStatus switch
    {
        "erased" => "They deleted their data: it cannot be sent again.",
        "unsubscribed" => "They have left the scheme: it cannot be sent again.",
        _ => null,
    };

    private static string Emails(int count) => count == 1 ? "1 email" : string.Create(CultureInfo.InvariantCulture, $"{count} emails");

    private async Task LoadAsync(int pageNumber, CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, pageNumber);
        Counts = await report.CountsAsync(cancellationToken);

        // One more than a page, to know whether an older page exists without counting them all.
        var rows = await report.ProblemsAsync((PageNumber - 1) * PageSize, PageSize + 1, cancellationToken);
        Problems = rows.Take(PageSize).ToList();
        HasOlder = rows.Count > PageSize;
    }
}
