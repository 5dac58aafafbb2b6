using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;
using Unmentoring.Retention;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Unsubscribe from the manage page, after a confirmation step.</summary>
internal sealed class LeaveModel(ParticipantLinks links, ParticipantStore participants, Leaving leaving) : ManagePageModel(links, participants)
{
    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Participant.Status != ParticipantStatus.Unsubscribed)
        {
            await leaving.LeaveAsync(Participant.Id, cancellationToken);
        }

        Done = true;
        return Page();
    }
}
