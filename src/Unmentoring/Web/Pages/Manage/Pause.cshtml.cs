using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Pause until a date (taking part again by itself after it), or end a pause now.</summary>
internal sealed class PauseModel(ParticipantLinks links, ParticipantStore participants, TimeProvider time) : ManagePageModel(links, participants)
{
    public const int LongestPauseMonths = 12;

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
        if (Day is null && Month is null && Year is null)
        {
            Errors.Add("pause-day", "Enter the date your pause ends");
        }
        else if (Day is null || Month is null || Year is null)
        {
            var missing = string.Join(" and ", new[] { Day is null ? "day" : null, Month is null ? "month" : null, Year is null ? "year" : null }.Where(s => s is not null));
            Errors.Add(Day is null ? "pause-day" : Month is null ? "pause-month" : "pause-year", $"The date your pause ends must include a {missing}");
        }
        else if (!TryDate(out var until))
        {
            Errors.Add("pause-day", "The date your pause ends must be a real date, like 27 3 2027");
        }
        else if (until <= today)
        {
            Errors.Add("pause-day", "The date your pause ends must be in the future");
        }
        else if (until > today.AddMonths(LongestPauseMonths))
        {
            Errors.Add("pause-day", $"The date your pause ends must be within the next {LongestPauseMonths} months");
        }
        else
        {
            await Participants.ChangeStatusAsync(Participant.Id, ParticipantStatus.Paused, until, cancellationToken);
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

    private bool TryDate(out DateOnly date)
    {
        date = default;
        return Day!.Length <= 2 && Month!.Length <= 2 && Year!.Length == 4
            && int.TryParse(Day, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(Month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && DateOnly.TryParseExact($"{y:0000}-{m:00}-{d:00}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
