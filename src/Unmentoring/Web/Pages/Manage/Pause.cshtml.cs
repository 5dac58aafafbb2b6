using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Pause until a date (taking part again by itself after it), or end a pause now.</summary>
internal sealed class PauseModel(ParticipantLinks links, ParticipantStore participants, TimeProvider time) : ManagePageModel(links, participants)
{
    [BindProperty(Name = "pause-day")]
    public string? Day { get; set; }

    [BindProperty(Name = "pause-month")]
    public string? Month { get; set; }

    [BindProperty(Name = "pause-year")]
    public string? Year { get; set; }

    public IActionResult OnGet()
    {
        if (Participant.Status is not (ParticipantStatus.Active or ParticipantStatus.Paused))
        {
            return Redirect(ManageHome);
        }

        if (Participant.PausedUntil is { } until)
        {
            Day = until.Day.ToString(CultureInfo.InvariantCulture);
            Month = until.Month.ToString(CultureInfo.InvariantCulture);
            Year = until.Year.ToString(CultureInfo.InvariantCulture);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Participant.Status is not (ParticipantStatus.Active or ParticipantStatus.Paused))
        {
            return Redirect(ManageHome);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Day = Clean(Day);
        Month = Clean(Month);
        Year = Clean(Year);
        if (PauseDate.Check(Errors, Day, Month, Year, today, "your") is { } until)
        {
            await Participants.ChangeStatusAsync(Participant.Id, ParticipantStatus.Paused, until, cancellationToken: cancellationToken);
            return BackToManage("pause");
        }

        return PageWithErrors();
    }

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken)
    {
        if (Participant.Status == ParticipantStatus.Paused)
        {
            await Participants.ChangeStatusAsync(Participant.Id, ParticipantStatus.Active, cancellationToken: cancellationToken);
        }

        return BackToManage("resume");
    }
}
