using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>
/// Every manage page starts from the signed link in an email: the token names the participant. An expired,
/// altered or erased person's link gets a page that offers a new link, and nothing else. It carries the
/// participant fields so the change-details page can bind and check them like the sign-up form does.
/// </summary>
internal abstract class ManagePageModel(ParticipantLinks links, ParticipantStore participants) : ParticipantFormModel
{
    [FromRoute(Name = "token")]
    public string Token { get; set; } = "";

    internal Participant Participant { get; private set; } = null!;

    internal ParticipantStore Participants => participants;

    public string ManageHome => $"{ParticipantLinks.ManagePath}/{Token}";

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Participant? found = null;
        if (Token.Length <= 1000 && links.TryReadManageToken(Token, out var publicId))
        {
            found = await participants.FindByPublicIdAsync(publicId, HttpContext.RequestAborted);
        }

        if (found is null)
        {
            context.Result = new ViewResult { ViewName = "LinkNotValid", StatusCode = StatusCodes.Status404NotFound };
            return;
        }

        Participant = found;
        await next();
    }

    /// <summary>Back to the manage page with a message saying what just changed.</summary>
    protected RedirectResult BackToManage(string what) => Redirect($"{ManageHome}?done={what}");

    protected PageResult PageWithErrors()
    {
        ViewData["HasErrors"] = true;
        return Page();
    }
}
