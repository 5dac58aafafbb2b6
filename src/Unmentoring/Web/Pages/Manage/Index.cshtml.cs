using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

internal sealed class IndexModel(ParticipantLinks links, ParticipantStore participants, NextRound nextRound, TimeProvider time) : ManagePageModel(links, participants)
{
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    [FromQuery(Name = "done")]
    public string? DoneWhat { get; set; }

    public string NextPeriod { get; private set; } = "";

    public string? Banner => DoneWhat switch
    {
        "details" => "Your details have been updated",
        "pause" => "Your pause has been saved",
        "resume" => "You're taking part again",
        "skip" => "You'll sit out the next round",
        "unskip" => "You'll take part in the next round",
        "cadence" => "How often you take part has been changed",
        _ => null,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NextPeriod = (await nextRound.PeriodAsync(cancellationToken)).ToString();
    }
}
