using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Participants;
using Unmentoring.Retention;

namespace Unmentoring.Web.Pages;

/// <summary>
/// The List-Unsubscribe address. A POST unsubscribes at once (RFC 8058 one-click: the mailbox provider posts
/// with no cookie and no antiforgery token, and a redirect would not be followed); the signed token in the
/// path is what authorises it. A GET only shows a button that makes the same POST.
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class UnsubscribeModel(ParticipantLinks links, ParticipantStore participants, Leaving leaving) : PageModel
{
    public bool Valid { get; private set; }

    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Valid = await FindAsync(token, cancellationToken) is not null;
        return Result();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var participant = await FindAsync(token, cancellationToken);
        Valid = participant is not null;
        if (participant is not null)
        {
            if (participant.Status is not ParticipantStatus.Unsubscribed)
            {
                await leaving.LeaveAsync(participant.Id, cancellationToken);
            }

            Done = true;
        }

        return Result();
    }

    private PageResult Result()
    {
        if (!Valid)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    private async Task<Participant?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (!links.TryReadUnsubscribeToken(token, out var publicId))
        {
            return null;
        }

        return await participants.FindByPublicIdAsync(publicId, cancellationToken);
    }
}
