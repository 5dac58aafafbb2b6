using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages;

/// <summary>
/// "Report a problem with my match", from the signed link in an introduction: the token names the recipient
/// and the round, so the page offers only the others in that recipient's group of that round. The GET shows
/// the form (mail scanners open links); only the POST reports, and reporting the same person again changes
/// nothing (docs/adr/0028-exclusions-and-match-reports.md).
/// </summary>
[EnableRateLimiting(WebServices.FormPostsPolicy)]
internal sealed class ReportProblemModel(ParticipantLinks links, ParticipantStore participants, MatchProblemReports reports, IOptions<UnmentoringOptions> scheme) : PageModel
{
    [FromRoute(Name = "token")]
    public string Token { get; set; } = "";

    [BindProperty(Name = "person")]
    public string? Person { get; set; }

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    internal ReportableGroup Group { get; private set; } = null!;

    /// <summary>The person just reported, when the page confirms a report.</summary>
    internal GroupMate? Reported { get; private set; }

    internal FormErrors Errors { get; } = new();

    public string OrganiserEmail => scheme.Value.OrganiserEmail;

    private Participant Reporter { get; set; } = null!;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ReportableGroup? group = null;
        if (Token.Length <= 1000 && links.TryReadReportToken(Token, out var publicId, out var roundId)
            && await participants.FindByPublicIdAsync(publicId, HttpContext.RequestAborted) is { } reporter)
        {
            Reporter = reporter;
            group = await reports.GroupAsync(reporter.Id, roundId, HttpContext.RequestAborted);
        }

        if (group is null)
        {
            context.Result = new ViewResult
            {
                ViewName = "LinkNotValid",
                StatusCode = StatusCodes.Status404NotFound,
                ViewData = new ViewDataDictionary(MetadataProvider, ModelState),
            };
            return;
        }

        Group = group;
        await next();
    }

    public void OnGet(string? reported)
    {
        Reported = Group.Others.FirstOrDefault(o => o.PublicId == reported);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var other = Group.Others.FirstOrDefault(o => o.PublicId == Person);
        if (other is null)
        {
            Errors.Add(FirstPersonId, "Select who you do not want to be paired with again");
        }

        Reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (Reason?.Length > MatchProblemReports.ReasonMaxLength)
        {
            Errors.Add("reason", $"Your reason must be {MatchProblemReports.ReasonMaxLength} characters or fewer");
        }

        if (Errors.Any)
        {
            ViewData["HasErrors"] = true;
            return Page();
        }

        await reports.ReportAsync(Reporter, Group, other!, Reason, cancellationToken);
        return Redirect($"{ParticipantLinks.ReportPath}/{Token}?reported={Uri.EscapeDataString(other!.PublicId)}");
    }

    /// <summary>The id of the first radio, where the error summary's link leads.</summary>
    public static string FirstPersonId => "person";

    public static string PersonId(int index) => index == 0 ? FirstPersonId : $"person-{index + 1}";
}
