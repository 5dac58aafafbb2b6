using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// One participant as organisers see them (<see cref="ParticipantRecord"/>): details, status, consent, every
/// round and every email. Organisers pause, resume, change how often, remove or delete their data here
/// (<see cref="ParticipantChanges"/>, the participant's own code paths, audited); a viewer sees no forms and
/// their POST is refused before this runs.
/// </summary>
internal sealed class ParticipantsShowModel(ParticipantRecord records, ParticipantChanges changes, TimeProvider time) : PageModel
{
    public const string Leave = "leave";
    public const string Erase = "erase";

    [FromRoute(Name = "key")]
    public string Key { get; set; } = "";

    [BindProperty(Name = "pause-day")]
    public string? Day { get; set; }

    [BindProperty(Name = "pause-month")]
    public string? Month { get; set; }

    [BindProperty(Name = "pause-year")]
    public string? Year { get; set; }

    [BindProperty(Name = "cadence")]
    public string? Cadence { get; set; }

    [BindProperty(Name = "remove")]
    public string? Remove { get; set; }

    public FormErrors Errors { get; } = new();

    public ParticipantRecordView Record { get; private set; } = null!;

    public Participant Person => Record.Participant;

    public string? Done { get; private set; }

    public bool MayChange => User.IsInRole(OrganiserRoles.Organiser);

    public bool MayPause => Person.Status is ParticipantStatus.Active or ParticipantStatus.Paused;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Done = done switch
        {
            "paused" => $"They are paused until {Rounds.UkDates.Date(Person.PausedUntil ?? default)}.",
            "resumed" => "They are taking part again.",
            "cadence" => "How often they take part has been changed.",
            "removed" => "They have been removed from the scheme.",
            "erased" => "Their personal data has been deleted.",
            _ => null,
        };
        return Page();
    }

    public Task<IActionResult> OnPostPauseAsync(CancellationToken cancellationToken) => ChangeAsync(async () =>
    {
        if (!MayPause)
        {
            return Refuse("pause-day", "Only someone who is taking part can be paused");
        }

        Day = ParticipantFormModel.Clean(Day);
        Month = ParticipantFormModel.Clean(Month);
        Year = ParticipantFormModel.Clean(Year);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return PauseDate.Check(Errors, Day, Month, Year, today, "their") is { } until
            && await changes.PauseAsync(Person.Id, until, User.Email()!, cancellationToken)
            ? "paused"
            : null;
    }, cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken) => ChangeAsync(async () =>
        Person.Status != ParticipantStatus.Paused
            ? Refuse("resume", "They are not paused")
            : await changes.ResumeAsync(Person.Id, User.Email()!, cancellationToken) ? "resumed" : null,
        cancellationToken);

    public Task<IActionResult> OnPostCadenceAsync(CancellationToken cancellationToken) => ChangeAsync(async () =>
    {
        if (Person.Status == ParticipantStatus.Erased)
        {
            return Refuse("cadence", "Their data has been deleted; there is nothing to change");
        }

        if (Cadence is null || Cadence.Length > 20 || !ParticipantCodes.TryParseCadence(Cadence, out var cadence))
        {
            return Refuse("cadence", "Select how often they take part");
        }

        return await changes.ChangeCadenceAsync(Person.Id, Person.Cadence, cadence, User.Email()!, cancellationToken) ? "cadence" : null;
    }, cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) => ChangeAsync(async () =>
    {
        switch (Remove)
        {
            case Leave when Person.Status is ParticipantStatus.Unsubscribed or ParticipantStatus.Erased:
                return Refuse("remove", "They have already left the scheme");
            case Leave:
                await changes.RemoveAsync(Person.Id, User.Email()!, cancellationToken);
                return "removed";
            case Erase when Person.Status == ParticipantStatus.Erased:
                return Refuse("remove", "Their data has already been deleted");
            case Erase:
                return await changes.EraseAsync(Person.Id, User.Email()!, cancellationToken) ? "erased" : null;
            default:
                return Refuse("remove", "Select whether to remove them from the scheme or delete their data");
        }
    }, cancellationToken);

    /// <summary>
    /// Loads the person, runs a change, and goes back to their page saying what was done; or shows the page
    /// again with the problem and what was typed. A change that finds nothing to change (someone else got
    /// there first) shows the page as it now is.
    /// </summary>
    private async Task<IActionResult> ChangeAsync(Func<Task<string?>> change, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var done = await change();
        if (Errors.Any)
        {
            ViewData["HasErrors"] = true;
            Errors.Order(["pause-day", "pause-month", "pause-year", "resume", "cadence", "remove"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect($"{ParticipantsModel.Path}/{Person.Id}" + (done is null ? "" : "?done=" + done));
    }

    private string? Refuse(string field, string message)
    {
        Errors.Add(field, message);
        return null;
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (Key.Length > 100 || await records.ReadAsync(Key, cancellationToken) is not { } record)
        {
            return false;
        }

        Record = record;
        return true;
    }
}
