using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Delete my data, after a confirmation step: personal data goes at once; an anonymous id stays in past rounds.</summary>
internal sealed class DeleteModel(ParticipantLinks links, ParticipantStore participants, ILogger<DeleteModel> logger) : ManagePageModel(links, participants)
{
    public bool Done { get; private set; }

    [BindProperty(Name = "confirm")]
    public string? Confirm { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Confirm != "yes")
        {
            Errors.Add("confirm", "Select that you understand your data will be deleted and cannot be brought back");
            return PageWithErrors();
        }

        await Participants.EraseAsync(Participant.Id, cancellationToken);
        // The id is not personal data once the row holds none; it lets organisers see that an erasure happened.
        logger.LogInformation("Participant {ParticipantId} erased their data", Participant.Id);
        Done = true;
        return Page();
    }
}
