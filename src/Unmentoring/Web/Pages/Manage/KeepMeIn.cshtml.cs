using Microsoft.AspNetCore.Mvc;
using Unmentoring.Feedback;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>
/// "Keep me in", from the email that says someone was paused for silence: the GET shows one button (mail
/// scanners open links), and its POST ends the pause at once.
/// </summary>
internal sealed class KeepMeInModel(ParticipantLinks links, ParticipantStore participants, FeedbackStore feedback, TimeProvider time) : ManagePageModel(links, participants)
{
    public bool PausedForSilence => Participant.Status == ParticipantStatus.Paused && Participant.PausedUntil == SilencePauses.UntilTheyReturn;

    public bool KeptIn { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        KeptIn = await feedback.KeepInAsync(Participant.Id, time.StorageNow(), cancellationToken) || Participant.Status == ParticipantStatus.Active;
        return Page();
    }
}
