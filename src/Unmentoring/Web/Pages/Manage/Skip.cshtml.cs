using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Sit out the next round only (participants.skip_period), or take that back.</summary>
internal sealed class SkipModel(ParticipantLinks links, ParticipantStore participants, NextRound nextRound) : ManagePageModel(links, participants)
{
    public string NextPeriod { get; private set; } = "";

    public bool Skipping => Participant.SkipPeriod == NextPeriod;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NextPeriod = (await nextRound.PeriodAsync(cancellationToken)).ToString();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        NextPeriod = (await nextRound.PeriodAsync(cancellationToken)).ToString();
        await Participants.SkipPeriodAsync(Participant.Id, NextPeriod, cancellationToken);
        return BackToManage("skip");
    }

    public async Task<IActionResult> OnPostUndoAsync(CancellationToken cancellationToken)
    {
        await Participants.SkipPeriodAsync(Participant.Id, null, cancellationToken);
        return BackToManage("unskip");
    }
}
