using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Unsubscribe from the manage page, after a confirmation step.</summary>
internal sealed class LeaveModel(ParticipantLinks links, ParticipantStore participants) : ManagePageModel(links, participants)
{
    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Participant.Status != ParticipantStatus.Unsubscribed)
        {
            await Participants.ChangeStatusAsync(Participant.Id, ParticipantStatus.Unsubscribed, cancellationToken: cancellationToken);
        }

        Done = true;
        return Page();
    }
}
