using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Change what the people you meet see; the same fields and checks as the sign-up form.</summary>
internal sealed class DetailsModel(ParticipantLinks links, ParticipantStore participants) : ManagePageModel(links, participants)
{
    public void OnGet()
    {
        FullName = Participant.Name;
        Organisation = Participant.Organisation;
        Role = Participant.Role;
        Phone = Participant.Phone;
        Video = Participant.Video;
        Intro = Participant.Intro;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        CheckDetails(null);
        if (Errors.Any)
        {
            return PageWithErrors();
        }

        await Participants.UpdateDetailsAsync(Participant.Id, Details(), cancellationToken);
        return BackToManage("details");
    }
}
