using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

internal sealed class CadenceModel(ParticipantLinks links, ParticipantStore participants) : ManagePageModel(links, participants)
{
    [BindProperty(Name = "cadence")]
    public string? Cadence { get; set; }

    public void OnGet()
    {
        Cadence = Participant.Cadence.ToCode();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Cadence is null || Cadence.Length > 20 || !ParticipantCodes.TryParseCadence(Cadence, out var cadence))
        {
            Errors.Add("cadence", "Select how often you want to take part");
            return PageWithErrors();
        }

        await Participants.ChangeCadenceAsync(Participant.Id, cadence, cancellationToken: cancellationToken);
        return BackToManage("cadence");
    }
}
